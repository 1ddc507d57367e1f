import { describeValue } from '../globals/expect-arguments';
import { InvalidValueError } from '../invalid-value-error';

/** The most elements one tensor may materialise (2^30): guards against strides that expand a tiny storage. */
export const MAX_TENSOR_ELEMENTS = 2 ** 30;

/** How a tensor views its storage: sizes, strides (in elements) and the offset of its first element. */
export interface TensorLayout {
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly storageOffset: number;
}

function nonNegativeIntegers(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || !value.every((item) => Number.isSafeInteger(item) && (item as number) >= 0)) {
    throw new InvalidValueError(`tensor ${what} must be a tuple of non-negative integers, got ${describeValue(value)}`);
  }
  return [...(value as number[])];
}

/**
 * Checks the raw size, stride and offset arguments of a tensor rebuild.
 * @throws InvalidValueError naming the malformed argument.
 */
export function parseTensorLayout(shape: unknown, stride: unknown, storageOffset: unknown): TensorLayout {
  const sizes = nonNegativeIntegers(shape, 'size');
  const strides = nonNegativeIntegers(stride, 'stride');
  if (sizes.length !== strides.length) {
    throw new InvalidValueError(`tensor size [${sizes}] and stride [${strides}] have different lengths`);
  }
  if (typeof storageOffset !== 'number' || !Number.isSafeInteger(storageOffset) || storageOffset < 0) {
    throw new InvalidValueError(`tensor storage offset must be a non-negative integer, got ${describeValue(storageOffset)}`);
  }
  return { shape: sizes, stride: strides, storageOffset };
}

/** The number of elements of a shape (1 for `[]`). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/**
 * Checks that every element a layout reads lies inside a storage of `storageLength` elements, and that the
 * tensor is not absurdly large.
 * @throws InvalidValueError describing the layout and the storage.
 */
export function checkLayoutBounds(layout: TensorLayout, storageLength: number): void {
  const count = elementCount(layout.shape);
  const describe = `tensor of size [${layout.shape}] stride [${layout.stride}] offset ${layout.storageOffset}`;
  if (count > MAX_TENSOR_ELEMENTS) {
    throw new InvalidValueError(`${describe} has ${count} elements, more than the ${MAX_TENSOR_ELEMENTS} allowed`);
  }
  if (count === 0) return;
  let last = layout.storageOffset;
  layout.shape.forEach((size, axis) => (last += (size - 1) * layout.stride[axis]!));
  if (last >= storageLength) {
    throw new InvalidValueError(`${describe} reads element ${last} of a storage of ${storageLength} elements`);
  }
}
