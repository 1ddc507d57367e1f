import type { TorchTensorData } from '../torch-value';
import { elementCount, type TensorLayout } from './tensor-layout';

function allocateLike(source: TorchTensorData, length: number): TorchTensorData {
  if (source instanceof Float32Array) return new Float32Array(length);
  if (source instanceof Float64Array) return new Float64Array(length);
  if (source instanceof Int32Array) return new Int32Array(length);
  if (source instanceof BigInt64Array) return new BigInt64Array(length);
  return new Uint8Array(length);
}

function isContiguous(layout: TensorLayout): boolean {
  let expected = 1;
  for (let axis = layout.shape.length - 1; axis >= 0; axis--) {
    const size = layout.shape[axis]!;
    if (size !== 1 && layout.stride[axis] !== expected) return false;
    expected *= size;
  }
  return true;
}

/**
 * Copies the elements a tensor views out of its decoded storage into a new row-major array: a slice for
 * contiguous layouts, an odometer walk over the strides otherwise (transposes, slices with steps, expands).
 * The layout must have passed `checkLayoutBounds`.
 *
 * @example
 * gatherStrided(Float32Array.of(0, 1, 2, 3, 4, 5), { shape: [3, 2], stride: [1, 3], storageOffset: 0 });
 * // Float32Array [0, 3, 1, 4, 2, 5]
 */
export function gatherStrided(source: TorchTensorData, layout: TensorLayout): TorchTensorData {
  const count = elementCount(layout.shape);
  if (isContiguous(layout)) return source.slice(layout.storageOffset, layout.storageOffset + count);
  const result = allocateLike(source, count);
  const { shape, stride } = layout;
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let sourceIndex = layout.storageOffset;
  for (let target = 0; target < count; target++) {
    (result as { [index: number]: number | bigint })[target] = source[sourceIndex]!;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      sourceIndex += stride[axis]!;
      if (index[axis]! < shape[axis]!) break;
      sourceIndex -= stride[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return result;
}
