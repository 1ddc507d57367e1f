import { ByteReader } from '../byte-reader';
import { TorchCheckpointError } from '../errors';
import type { CentralDirectoryLocation } from './find-central-directory';
import { ZIP64_MARKERS, ZIP_SIGNATURES } from './zip-signatures';

/** One file of a zip archive, as its central directory header describes it. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflate; others are refused when read. */
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

const ZIP64_EXTRA_FIELD = 0x0001;

function applyZip64Extra(
  extra: ByteReader,
  sizes: { uncompressedSize: number; compressedSize: number; localHeaderOffset: number },
): void {
  while (extra.remaining >= 4) {
    const id = extra.uint16('an extra field id');
    const length = extra.uint16('an extra field length');
    const field = new ByteReader(extra.slice(length, 'an extra field'), extra.source, 'a zip64 extra field');
    if (id !== ZIP64_EXTRA_FIELD) continue;
    if (sizes.uncompressedSize === ZIP64_MARKERS.uint32) sizes.uncompressedSize = field.uint64('a zip64 size');
    if (sizes.compressedSize === ZIP64_MARKERS.uint32) sizes.compressedSize = field.uint64('a zip64 compressed size');
    if (sizes.localHeaderOffset === ZIP64_MARKERS.uint32) sizes.localHeaderOffset = field.uint64('a zip64 offset');
  }
}

/**
 * Reads every central directory header of a zip archive.
 * @throws TorchCheckpointError for bad signatures, truncation and duplicate names.
 */
export function readCentralDirectory(bytes: Uint8Array, location: CentralDirectoryLocation, source: string): ZipEntry[] {
  const reader = new ByteReader(bytes.subarray(0, location.offset + location.size), source);
  reader.position = location.offset;
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  for (let index = 0; index < location.entryCount; index++) {
    const at = reader.position;
    const what = `central directory entry ${index + 1} of ${location.entryCount}`;
    if (reader.uint32(what) !== ZIP_SIGNATURES.centralDirectoryHeader) {
      throw new TorchCheckpointError(source, `corrupt zip: bad central directory header signature at byte ${at} (${what})`);
    }
    reader.position += 4; // version made by, version needed
    const flags = reader.uint16(what);
    const method = reader.uint16(what);
    reader.position += 4; // modification time and date
    const crc32 = reader.uint32(what);
    const sizes = { compressedSize: reader.uint32(what), uncompressedSize: reader.uint32(what), localHeaderOffset: 0 };
    const nameLength = reader.uint16(what);
    const extraLength = reader.uint16(what);
    const commentLength = reader.uint16(what);
    reader.position += 8; // disk number, internal and external attributes
    sizes.localHeaderOffset = reader.uint32(what);
    const name = new TextDecoder('utf-8').decode(reader.slice(nameLength, `the name of ${what}`));
    applyZip64Extra(new ByteReader(reader.slice(extraLength, `the extra fields of ${what}`), source, name), sizes);
    reader.slice(commentLength, `the comment of ${what}`);
    if (names.has(name)) throw new TorchCheckpointError(source, `corrupt zip: entry '${name}' appears twice`);
    names.add(name);
    entries.push({ name, method, flags, crc32, ...sizes });
  }
  return entries;
}
