import type { TorchDtype } from '../torch-value';

/** A `torch.*Storage` class: the dtype of its elements and their size in bytes. */
export interface StorageType {
  /** The class name in the `torch` module, e.g. `FloatStorage`. */
  readonly className: string;
  readonly dtype: TorchDtype;
  readonly elementSize: number;
}

/** The storage classes this package reads; any other (complex, quantised, int8, int16) is refused. */
export const STORAGE_TYPES: readonly StorageType[] = [
  { className: 'FloatStorage', dtype: 'float32', elementSize: 4 },
  { className: 'DoubleStorage', dtype: 'float64', elementSize: 8 },
  { className: 'HalfStorage', dtype: 'float16', elementSize: 2 },
  { className: 'BFloat16Storage', dtype: 'bfloat16', elementSize: 2 },
  { className: 'LongStorage', dtype: 'int64', elementSize: 8 },
  { className: 'IntStorage', dtype: 'int32', elementSize: 4 },
  { className: 'ByteStorage', dtype: 'uint8', elementSize: 1 },
  { className: 'BoolStorage', dtype: 'bool', elementSize: 1 },
];
