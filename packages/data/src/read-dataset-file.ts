import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetFileError } from './dataset-file-error';

const gunzipAsync = promisify(gunzip);

/**
 * Whether `bytes` start with the gzip magic number `1f 8b`.
 *
 * @example
 * isGzip(new Uint8Array([0x1f, 0x8b, 8])); // true
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads a whole file, gunzipping it when it starts with the gzip magic number (whatever its name), so
 * `train-images-idx3-ubyte` and `train-images-idx3-ubyte.gz` read alike. A corrupt gzip stream is a
 * {@link DatasetFileError} naming the file.
 *
 * @example
 * const bytes = await readDatasetFile('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz');
 */
export async function readDatasetFile(file: string): Promise<Uint8Array> {
  const bytes = await readFile(file);
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (error) {
    throw new DatasetFileError(file, 'gzip', `expected a valid gzip stream (${(error as Error).message})`);
  }
}
