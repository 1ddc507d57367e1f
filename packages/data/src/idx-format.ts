/**
 * The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a big-endian 32-bit magic
 * number `0x0000TTDD` (`TT` = 0x08 for unsigned bytes, `DD` = number of dimensions), then `DD` big-endian
 * 32-bit sizes, then the data, row-major. Images are `idx3-ubyte` (magic 0x00000803, sizes count, rows,
 * columns); labels are `idx1-ubyte` (magic 0x00000801, size count). Files are often gzipped; see
 * `readDatasetFile`.
 */
import { assertLabelsInRange } from './dataset';
import { DatasetFileError } from './dataset-file-error';
import type { DeclaredFileSize } from './read-dataset-file';

/** Magic number of an IDX file of unsigned-byte images (3 dimensions: count, rows, columns). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an IDX file of unsigned-byte labels (1 dimension: count). */
export const IDX_LABELS_MAGIC = 0x00000801;

/** Images read from an IDX file: `count · height · width` bytes, row-major, one channel. */
export interface IdxImages {
  /** Pixel values 0–255, `count · height · width` of them. */
  readonly images: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Rows per image (pixels). */
  readonly height: number;
  /** Columns per image (pixels). */
  readonly width: number;
}

/** Expected image size for {@link parseIdxImages}; a different size in the file is an error. */
export interface IdxImageExpectation {
  /** Expected rows per image (pixels). */
  readonly height?: number;
  /** Expected columns per image (pixels). */
  readonly width?: number;
}

const hex = (value: number) => `0x${value.toString(16).padStart(8, '0')}`;

function describeMagic(magic: number): string {
  const type = (magic >>> 8) & 0xff;
  const dimensions = magic & 0xff;
  if (magic >>> 16 !== 0) return `${hex(magic)} (not an IDX file)`;
  const typeName = type === 0x08 ? 'unsigned bytes' : `element type 0x${type.toString(16)}`;
  return `${hex(magic)} (IDX ${typeName}, ${dimensions} dimension${dimensions === 1 ? '' : 's'})`;
}

function readHeader(bytes: Uint8Array, file: string, magic: number, what: string): number[] {
  const dimensions = magic & 0xff;
  const headerBytes = 4 + 4 * dimensions;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 4 && view.getUint32(0, false) !== magic) {
    const found = describeMagic(view.getUint32(0, false));
    throw new DatasetFileError(file, 'magic number', `expected ${describeMagic(magic)} for ${what}, got ${found}`);
  }
  if (bytes.length < headerBytes) {
    throw new DatasetFileError(file, 'header', `expected at least ${headerBytes} bytes, got ${bytes.length} (truncated)`);
  }
  return Array.from({ length: dimensions }, (_, index) => view.getUint32(4 + 4 * index, false));
}

/**
 * The size an IDX file of `magic` declares in its header (magic number and sizes), for
 * `readDatasetFile`'s `declared` option: checked against the limit before the file is decompressed.
 *
 * @example
 * await readDatasetFile(path, { declared: idxDeclaredSize(IDX_IMAGES_MAGIC) });
 */
export function idxDeclaredSize(magic: number): DeclaredFileSize {
  const dimensions = magic & 0xff;
  const headerBytes = 4 + 4 * dimensions;
  return {
    headerBytes,
    declaredBytes(header) {
      if (header.length < headerBytes) return undefined;
      const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
      if (view.getUint32(0, false) !== magic) return undefined;
      const sizes = Array.from({ length: dimensions }, (_, index) => view.getUint32(4 + 4 * index, false));
      const bytes = headerBytes + sizes.reduce((product, size) => product * size, 1);
      return { bytes, described: `${headerBytes}-byte header + ${sizes.join(' × ')}` };
    },
  };
}

function checkLength(bytes: Uint8Array, file: string, header: number, sizes: number[]): void {
  const expected = header + sizes.reduce((product, size) => product * size, 1);
  if (bytes.length !== expected) {
    const reason = bytes.length < expected ? 'truncated' : 'trailing bytes';
    throw new DatasetFileError(
      file,
      'data',
      `expected ${expected} bytes (${header}-byte header + ${sizes.join(' × ')}), got ${bytes.length} (${reason})`,
    );
  }
}

/**
 * Parses an uncompressed `idx3-ubyte` image file. Checks the magic number, that rows and columns are
 * positive (and equal `expected` when given) and that the byte length is exactly header + data; errors name
 * `file`.
 *
 * @example
 * const { images, count, height, width } = parseIdxImages(bytes, 'train-images-idx3-ubyte', { height: 28, width: 28 });
 */
export function parseIdxImages(bytes: Uint8Array, file: string, expected: IdxImageExpectation = {}): IdxImages {
  const [count = 0, height = 0, width = 0] = readHeader(bytes, file, IDX_IMAGES_MAGIC, 'images');
  const wrongSize =
    height < 1 ||
    width < 1 ||
    (expected.height !== undefined && height !== expected.height) ||
    (expected.width !== undefined && width !== expected.width);
  if (wrongSize) {
    const form =
      expected.height !== undefined || expected.width !== undefined
        ? `${expected.height ?? 'any'} × ${expected.width ?? 'any'} (rows × columns)`
        : 'positive rows × columns';
    throw new DatasetFileError(file, 'dimensions', `expected ${form} images, got ${height} × ${width}`);
  }
  checkLength(bytes, file, 16, [count, height, width]);
  return { images: bytes.subarray(16), count, height, width };
}

/**
 * Parses an uncompressed `idx1-ubyte` label file and checks every label is in `[0, classes)`; errors name
 * `file` and the offending index (`label[123]`).
 *
 * @example
 * const labels = parseIdxLabels(bytes, 'train-labels-idx1-ubyte', 10); // Uint8Array of class indices
 */
export function parseIdxLabels(bytes: Uint8Array, file: string, classes: number): Uint8Array {
  const [count = 0] = readHeader(bytes, file, IDX_LABELS_MAGIC, 'labels');
  checkLength(bytes, file, 8, [count]);
  const labels = bytes.subarray(8);
  assertLabelsInRange(labels, classes, file, 'label');
  return labels;
}
