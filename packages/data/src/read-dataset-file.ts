import { constants } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetFileError } from './dataset-file-error';
import { gunzipHead } from './gunzip-head';
import { formatBytes } from '@fbnas/core';

const gunzipAsync = promisify(gunzip);

/**
 * The default limit on a dataset file's bytes after decompression: 512 MiB, far above the largest real file
 * read here (MNIST's and Fashion-MNIST's training images, 47 040 016 bytes; a CIFAR-10 batch, 30 730 000).
 */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 ** 2;

/** What a file format declares about its size in its first bytes, checked before the rest is decompressed. */
export interface DeclaredFileSize {
  /** How many leading bytes `declaredBytes` needs. */
  readonly headerBytes: number;
  /**
   * The whole file's size (bytes) as the header declares it, with a description for messages, or undefined
   * when the header is not of this format (its parser reports that later).
   */
  declaredBytes(header: Uint8Array): { bytes: number; described: string } | undefined;
}

/** Options of {@link readDatasetFile}. */
export interface ReadDatasetFileOptions {
  /** The most bytes the file may hold once decompressed (default {@link DEFAULT_MAX_FILE_BYTES}, 512 MiB). */
  readonly maxFileBytes?: number;
  /** The format's declared size, checked against `maxFileBytes` from the header before decompressing. */
  readonly declared?: DeclaredFileSize;
}

/**
 * Whether `bytes` start with the gzip magic number `1f 8b`.
 *
 * @example
 * isGzip(new Uint8Array([0x1f, 0x8b, 8])); // true
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function overLimit(file: string, field: string, what: string, limit: number): DatasetFileError {
  return new DatasetFileError(
    file,
    field,
    `${what}, more than the limit of ${limit} bytes (${formatBytes(limit)}); raise the maxFileBytes option to read it`,
  );
}

function checkDeclared(file: string, header: Uint8Array, limit: number, declared: DeclaredFileSize | undefined): void {
  const size = declared?.declaredBytes(header);
  if (size !== undefined && size.bytes > limit) {
    throw overLimit(file, 'header', `declares ${size.bytes} bytes (${size.described})`, limit);
  }
}

/**
 * Reads a whole file, gunzipping it when it starts with the gzip magic number (whatever its name), so
 * `train-images-idx3-ubyte` and `train-images-idx3-ubyte.gz` read alike. The file may hold at most
 * `maxFileBytes` bytes once decompressed (default 512 MiB): the file's size is checked before it is read,
 * the size a format declares in its header (`declared`) before the rest is decompressed, and zlib stops
 * decompressing at the limit (`maxOutputLength`).
 *
 * @throws DatasetFileError naming the file: `<file>: gzip: expected a valid gzip stream (…)`, or over the
 *   limit `<file>: header: declares 4294967312 bytes (16-byte header + 4294967295 × 1 × 1), more than the
 *   limit of 536870912 bytes (512 MiB); raise the maxFileBytes option to read it` (field `size` for the raw
 *   or decompressed size).
 * @example
 * const bytes = await readDatasetFile('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz');
 */
export async function readDatasetFile(file: string, options: ReadDatasetFileOptions = {}): Promise<Uint8Array> {
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!(limit >= 1)) throw new RangeError(`readDatasetFile: maxFileBytes must be a positive number of bytes, got ${limit}`);
  // Decompressing never yields much less than its input, so a file already over the limit is refused unread.
  const { size } = await stat(file);
  if (size > limit) throw overLimit(file, 'size', `holds ${size} bytes`, limit);
  const bytes = await readFile(file);
  if (!isGzip(bytes)) {
    checkDeclared(file, bytes.subarray(0, options.declared?.headerBytes ?? 0), limit, options.declared);
    return bytes;
  }
  try {
    if (options.declared !== undefined) checkDeclared(file, await gunzipHead(bytes, options.declared.headerBytes), limit, options.declared);
    return await gunzipAsync(bytes, { maxOutputLength: Math.min(limit, constants.MAX_LENGTH) });
  } catch (error) {
    if (error instanceof DatasetFileError) throw error;
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw overLimit(file, 'size', 'decompresses to more bytes', limit);
    }
    throw new DatasetFileError(file, 'gzip', `expected a valid gzip stream (${(error as Error).message})`);
  }
}
