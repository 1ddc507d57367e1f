import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatasetFileError } from './dataset-file-error';
import type { MultitaskDataset } from './multitask-canvas';

/** The format name in a multi-task dataset file's header. */
export const MULTITASK_FORMAT = 'fbnas.multitask/v1';

/** The 8 bytes a multi-task dataset file starts with. */
const MAGIC = Buffer.from('FBNASMT1', 'ascii');

/** A multi-task dataset file's JSON header (after the magic and its 4-byte little-endian length). */
interface MultitaskHeader {
  format: typeof MULTITASK_FORMAT;
  name: string;
  count: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
  classNames?: string[];
  /** SHA-256 (hex) of the body: images, labels, masks, boxes (float32 little-endian), in that order. */
  sha256: string;
  /** What made it (e.g. the source and the canvas options): kept, not read. */
  provenance?: unknown;
}

/**
 * Writes a multi-task dataset atomically (a temporary file renamed over `file`): `FBNASMT1`, the JSON header's
 * length (uint32 LE), the header (`fbnas.multitask/v1`: sizes, classes, the body's SHA-256, `provenance`), then the
 * images, labels, masks and boxes.
 *
 * @returns the SHA-256 (hex) the header records: `multitaskDatasetSha256(dataset)`, computed once while writing.
 */
export function saveMultitaskDataset(file: string, dataset: MultitaskDataset, provenance?: unknown): string {
  const body = bodyOf(dataset);
  const header: MultitaskHeader = {
    format: MULTITASK_FORMAT, name: dataset.name, count: dataset.count, height: dataset.height, width: dataset.width, channels: dataset.channels,
    classes: dataset.classes, ...(dataset.classNames === undefined ? {} : { classNames: [...dataset.classNames] }), sha256: sha256Bytes(body),
    ...(provenance === undefined ? {} : { provenance }),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([MAGIC, length, json, ...body]));
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return header.sha256;
}

/**
 * Reads and checks a file of `saveMultitaskDataset`: magic, header fields, sizes, the body's SHA-256, labels in
 * `[0, classes)`, mask values in `[0, classes]`, boxes within the canvas with `x0 < x1` and `y0 < y1`.
 *
 * @returns the dataset, with the header's `provenance` (when it has one) and `sha256`: the SHA-256 (hex) of the body,
 *   checked against the header, so equal to `multitaskDatasetSha256` of the dataset as loaded (not of a copy changed
 *   since) without hashing it again.
 * @throws DatasetFileError naming the file and the field (`masks[812]: expected 0..10, got 17`).
 */
export function loadMultitaskDataset(file: string): MultitaskDataset & { provenance?: unknown; sha256: string } {
  const bytes = readFileSync(file);
  const fail = (field: string, detail: string): never => {
    throw new DatasetFileError(file, field, detail);
  };
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(MAGIC)) fail('magic', `expected a file starting with ${MAGIC.toString('ascii')} (${MULTITASK_FORMAT})`);
  const headerLength = bytes.readUInt32LE(8);
  if (12 + headerLength > bytes.length) fail('header', `expected ${headerLength} header bytes, got ${bytes.length - 12} (truncated)`);
  let header: MultitaskHeader;
  try {
    header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as MultitaskHeader;
  } catch (error) {
    return fail('header', `expected JSON (${(error as Error).message})`);
  }
  if (header?.format !== MULTITASK_FORMAT) fail('format', `expected ${JSON.stringify(MULTITASK_FORMAT)}, got ${JSON.stringify(header?.format)}`);
  for (const field of ['count', 'height', 'width', 'channels', 'classes'] as const) {
    const v = header[field];
    if (!Number.isInteger(v) || v < (field === 'count' ? 0 : 1)) fail(field, `expected a ${field === 'count' ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(v)}`);
  }
  if (header.classes > 254) fail('classes', `expected at most 254 (mask labels are bytes), got ${header.classes}`);
  if (typeof header.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(header.sha256)) fail('sha256', 'expected 64 lowercase hex digits');
  const { count, height, width, channels, classes } = header;
  const sizes = [count * height * width * channels, count, count * height * width, count * 4 * 4];
  const body = bytes.subarray(12 + headerLength);
  const expected = sizes.reduce((a, b) => a + b, 0);
  if (body.length !== expected) fail('body', `expected ${expected} bytes (${count} examples of ${height}×${width}×${channels}), got ${body.length}${body.length < expected ? ' (truncated)' : ''}`);
  if (sha256Bytes([body]) !== header.sha256) fail('sha256', `the body's SHA-256 is ${sha256Bytes([body])}, the header says ${header.sha256} (corrupted)`);
  let offset = 0;
  const take = (length: number) => {
    const part = new Uint8Array(length);
    part.set(body.subarray(offset, offset + length));
    offset += length;
    return part;
  };
  const images = take(sizes[0]!);
  const labels = take(sizes[1]!);
  const masks = take(sizes[2]!);
  const boxBytes = take(sizes[3]!);
  const boxes = new Float32Array(count * 4);
  const view = new DataView(boxBytes.buffer);
  for (let i = 0; i < boxes.length; i++) boxes[i] = view.getFloat32(i * 4, true);
  const badLabel = labels.findIndex((l) => l >= classes);
  if (badLabel >= 0) fail(`labels[${badLabel}]`, `expected 0..${classes - 1}, got ${labels[badLabel]}`);
  const badMask = masks.findIndex((m) => m > classes);
  if (badMask >= 0) fail(`masks[${badMask}]`, `expected 0..${classes}, got ${masks[badMask]}`);
  for (let n = 0; n < count; n++) {
    const [x0, y0, x1, y1] = boxes.subarray(n * 4, n * 4 + 4);
    if (!(x0! >= 0 && y0! >= 0 && x0! < x1! && y0! < y1! && x1! <= 1 && y1! <= 1)) {
      fail(`boxes[${n}]`, `expected [x0, y0, x1, y1] with 0 ≤ x0 < x1 ≤ 1 and 0 ≤ y0 < y1 ≤ 1, got [${[x0, y0, x1, y1].join(', ')}]`);
    }
  }
  return {
    name: header.name, count, height, width, channels, images, labels, classes, masks, boxes,
    ...(header.classNames === undefined ? {} : { classNames: header.classNames }), ...(header.provenance === undefined ? {} : { provenance: header.provenance }),
    sha256: header.sha256,
  };
}

/** The body of a multi-task dataset file: images, labels, masks, boxes (float32 LE). */
function bodyOf(dataset: MultitaskDataset): Buffer[] {
  const boxes = Buffer.alloc(dataset.boxes.length * 4);
  dataset.boxes.forEach((v, i) => boxes.writeFloatLE(v, i * 4));
  return [Buffer.from(dataset.images.buffer, dataset.images.byteOffset, dataset.images.byteLength), Buffer.from(dataset.labels.buffer, dataset.labels.byteOffset, dataset.labels.byteLength),
    Buffer.from(dataset.masks.buffer, dataset.masks.byteOffset, dataset.masks.byteLength), boxes];
}

/** The SHA-256 (hex) a saved dataset's header records for it: of its images, labels, masks and boxes (float32 LE). */
export function multitaskDatasetSha256(dataset: MultitaskDataset): string {
  return sha256Bytes(bodyOf(dataset));
}

/** SHA-256 (hex) of the bytes of `parts`, in order. */
export function sha256Bytes(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
