import type { TorchTensor } from './torch-value';

/**
 * A tensor's elements as a `Float32Array`, e.g. for `tf.tensor`. float32 (and float16/bfloat16, already
 * widened) tensors return their own `data`, not a copy; float64 is rounded, integers and bools converted.
 *
 * @example
 * toFloat32Array(weights.get('bn.num_batches_tracked')!); // Float32Array [3]
 */
export function toFloat32Array(tensor: TorchTensor): Float32Array {
  const { data } = tensor;
  if (data instanceof Float32Array) return data;
  if (data instanceof BigInt64Array) return Float32Array.from(data, (value) => Number(value));
  return Float32Array.from(data);
}
