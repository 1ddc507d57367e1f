import { readFile } from 'node:fs/promises';
import { TorchCheckpointError } from './errors';
import { readTorchCheckpoint, type ReadTorchCheckpointOptions } from './read-torch-checkpoint';
import type { TorchValue } from './torch-value';

/**
 * Reads a PyTorch checkpoint file and decodes it with {@link readTorchCheckpoint}; errors name the path.
 *
 * @param options `maxTensorBytes` (default 2 GiB): see {@link ReadTorchCheckpointOptions}.
 * @throws TorchCheckpointError when the file cannot be read or is not a valid, safe checkpoint.
 * @example
 * const root = await readTorchCheckpointFile('fbnet_a.pth');
 * const big = await readTorchCheckpointFile('huge.pth', { maxTensorBytes: 8 * 1024 ** 3 });
 */
export async function readTorchCheckpointFile(path: string, options: Omit<ReadTorchCheckpointOptions, 'source'> = {}): Promise<TorchValue> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new TorchCheckpointError(path, `cannot read the file: ${(error as Error).message}`, { cause: error });
  }
  return readTorchCheckpoint(bytes, { ...options, source: path });
}
