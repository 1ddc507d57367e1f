/**
 * The CIFAR-10 binary format (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"): a batch file
 * is a sequence of 3073-byte records, each one label byte (0–9) then a 32×32 RGB image as 1024 red, 1024 green
 * and 1024 blue bytes, each plane row-major (CHW). fbnas datasets are HWC, so records are transposed on read.
 */
import { assertLabelsInRange } from './dataset';
import { DatasetFileError } from './dataset-file-error';

/** CIFAR-10 image side (pixels). */
export const CIFAR10_SIZE = 32;
/** Bytes per CIFAR-10 record: 1 label byte + 3 × 32 × 32 pixel bytes. */
export const CIFAR10_RECORD_BYTES = 1 + 3 * CIFAR10_SIZE * CIFAR10_SIZE;

/** Records read from one CIFAR-10 batch file. */
export interface Cifar10Records {
  /** `count · 32 · 32 · 3` pixel values 0–255, HWC order. */
  readonly images: Uint8Array;
  /** `count` labels in `[0, 10)`. */
  readonly labels: Uint8Array;
  /** Number of records. */
  readonly count: number;
}

/**
 * Parses one uncompressed CIFAR-10 binary batch (e.g. `data_batch_1.bin`, 10 000 records), converting each
 * image from CHW to HWC. The size must be a whole number of 3073-byte records and labels must be in
 * `[0, 10)`; errors name `file`.
 *
 * @example
 * const { images, labels, count } = parseCifar10Batch(bytes, 'data_batch_1.bin');
 * // pixel (y, x, c) of record n: images[((n * 32 + y) * 32 + x) * 3 + c]
 */
export function parseCifar10Batch(bytes: Uint8Array, file: string): Cifar10Records {
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new DatasetFileError(
      file,
      'size',
      `expected a positive multiple of ${CIFAR10_RECORD_BYTES} bytes (records of 1 label byte + 3 × 32 × 32 pixels), ` +
        `got ${bytes.length} (${Math.floor(bytes.length / CIFAR10_RECORD_BYTES)} records + ${bytes.length % CIFAR10_RECORD_BYTES} bytes)`,
    );
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const plane = CIFAR10_SIZE * CIFAR10_SIZE;
  const images = new Uint8Array(count * plane * 3);
  const labels = new Uint8Array(count);
  for (let record = 0; record < count; record += 1) {
    const start = record * CIFAR10_RECORD_BYTES;
    labels[record] = bytes[start] ?? 0;
    const pixels = bytes.subarray(start + 1, start + CIFAR10_RECORD_BYTES);
    const target = record * plane * 3;
    for (let pixel = 0; pixel < plane; pixel += 1) {
      images[target + pixel * 3] = pixels[pixel] ?? 0;
      images[target + pixel * 3 + 1] = pixels[plane + pixel] ?? 0;
      images[target + pixel * 3 + 2] = pixels[2 * plane + pixel] ?? 0;
    }
  }
  assertLabelsInRange(labels, 10, file, 'record label');
  return { images, labels, count };
}
