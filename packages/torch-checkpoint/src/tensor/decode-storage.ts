import type { TorchDtype, TorchTensorData } from '../torch-value';
import { bfloat16BytesToFloat32, float16BytesToFloat32 } from './half-precision';

function hostIsLittleEndian(): boolean {
  return new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
}

/**
 * Decodes a storage's little-endian bytes into a typed array of its elements (a copy in a fresh, aligned
 * buffer, never a view of the file, which may be a pooled Node `Buffer`): float16 and bfloat16 widen to float32, bool stays 0/1 bytes.
 *
 * @throws Error on a big-endian host (checkpoints are little-endian; byte swapping is not implemented).
 */
export function decodeStorage(bytes: Uint8Array, dtype: TorchDtype): TorchTensorData {
  if (!hostIsLittleEndian()) throw new Error('@fbnas/torch-checkpoint: big-endian hosts are not supported');
  switch (dtype) {
    case 'float16':
      return float16BytesToFloat32(bytes);
    case 'bfloat16':
      return bfloat16BytesToFloat32(bytes);
    case 'uint8':
    case 'bool':
      return new Uint8Array(bytes);
  }
  const buffer = new Uint8Array(bytes).buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer);
    case 'float64':
      return new Float64Array(buffer);
    case 'int64':
      return new BigInt64Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
  }
}
