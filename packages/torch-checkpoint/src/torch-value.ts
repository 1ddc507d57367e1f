/** The element types of tensors this package reads. */
export type TorchDtype = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'uint8' | 'bool';

/**
 * A tensor's elements in row-major (C) order. `float32`, `float16` and `bfloat16` tensors hold a
 * `Float32Array` (half precision is widened exactly), `float64` a `Float64Array`, `int64` a `BigInt64Array`,
 * `int32` an `Int32Array`, `uint8` and `bool` a `Uint8Array` (bool as 0 or 1).
 */
export type TorchTensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

/**
 * A tensor rebuilt from a checkpoint: its own contiguous copy of the elements it views, whatever its strides
 * and storage offset were, so two tensors that shared a storage in PyTorch share nothing here.
 */
export interface TorchTensor {
  readonly kind: 'tensor';
  /** The dtype PyTorch saved (for `float16`/`bfloat16` the data is widened to float32). */
  readonly dtype: TorchDtype;
  /** Sizes, outermost first; `[]` for a 0-d tensor. */
  readonly shape: readonly number[];
  /** The elements, row-major, `shape` product long. */
  readonly data: TorchTensorData;
  /** True for `nn.Parameter`s saved with `requires_grad=True`. */
  readonly requiresGrad: boolean;
}

/**
 * An instance of an allow-listed Python class decoded as inert data (today only `argparse.Namespace`, the
 * training arguments many checkpoints carry): the class name and the instance's attributes. Nothing of the
 * class is ever called.
 */
export interface PythonObject {
  readonly kind: 'python-object';
  /** Dotted class name, e.g. `argparse.Namespace`. */
  readonly className: string;
  /** The instance attributes (`__dict__`). */
  readonly fields: Map<string, TorchValue>;
}

/** A Python dict key: str, int (number, or bigint beyond 2^53), float, bool or None. */
export type TorchDictKey = string | number | bigint | boolean | null;

/**
 * A decoded Python value. `None` → `null`; `bool` → boolean; `int` → number, or bigint outside ±2^53;
 * `float` → number; `str` → string; `bytes`/`bytearray` → `Uint8Array`; `list` → array; `tuple` → frozen
 * array (`Object.isFrozen` tells them apart); `dict` and `OrderedDict` → `Map` in insertion order;
 * `set`/`frozenset` → `Set`; tensors → {@link TorchTensor}; numpy scalars → number (bigint for 64-bit
 * integers beyond 2^53, boolean for `bool_`); `argparse.Namespace` → {@link PythonObject}.
 */
export type TorchValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | TorchTensor
  | PythonObject
  | readonly TorchValue[]
  | Map<TorchDictKey, TorchValue>
  | Set<TorchDictKey>;

/**
 * Tells whether a decoded value is a tensor.
 * @example
 * if (isTorchTensor(value)) console.log(value.dtype, value.shape);
 */
export function isTorchTensor(value: unknown): value is TorchTensor {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'tensor';
}

/**
 * Tells whether a decoded value is an inert Python object such as `argparse.Namespace`.
 * @example
 * if (isPythonObject(value) && value.className === 'argparse.Namespace') console.log(value.fields.get('lr'));
 */
export function isPythonObject(value: unknown): value is PythonObject {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'python-object';
}
