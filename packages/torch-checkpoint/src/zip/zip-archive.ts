import { inflateRawSync } from 'node:zlib';
import { ByteReader } from '../byte-reader';
import { TorchCheckpointError } from '../errors';
import { crc32 } from './crc32';
import { findCentralDirectory } from './find-central-directory';
import { readCentralDirectory, type ZipEntry } from './read-central-directory';
import { ZIP_SIGNATURES } from './zip-signatures';

const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 0x1;

/** A zip archive opened for reading single entries; entries are extracted and CRC-checked on demand. */
export interface ZipArchive {
  /** Entry names in central directory order. */
  readonly names: readonly string[];
  /** Whether an entry exists. */
  has(name: string): boolean;
  /** The uncompressed size an entry's header declares (bytes), without extracting it. */
  size(name: string): number;
  /** The uncompressed bytes of an entry (a view of the archive for stored entries). */
  read(name: string): Uint8Array;
}

function entryData(bytes: Uint8Array, entry: ZipEntry, source: string): Uint8Array {
  const reader = new ByteReader(bytes, source);
  reader.position = entry.localHeaderOffset;
  const what = `the local header of '${entry.name}'`;
  if (reader.uint32(what) !== ZIP_SIGNATURES.localFileHeader) {
    throw new TorchCheckpointError(source, `corrupt zip: bad local header signature for '${entry.name}' at byte ${entry.localHeaderOffset}`);
  }
  reader.position = entry.localHeaderOffset + 26;
  const nameLength = reader.uint16(what);
  const extraLength = reader.uint16(what);
  reader.position += nameLength + extraLength;
  return reader.slice(entry.compressedSize, `the data of '${entry.name}'`);
}

function extract(bytes: Uint8Array, entry: ZipEntry, source: string): Uint8Array {
  if (entry.flags & ENCRYPTED_FLAG) throw new TorchCheckpointError(source, `zip entry '${entry.name}' is encrypted`);
  const data = entryData(bytes, entry, source);
  let result: Uint8Array;
  if (entry.method === STORED) {
    result = data;
  } else if (entry.method === DEFLATED) {
    try {
      result = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      throw new TorchCheckpointError(source, `corrupt zip: cannot inflate '${entry.name}': ${(error as Error).message}`, { cause: error });
    }
  } else {
    throw new TorchCheckpointError(source, `zip entry '${entry.name}' uses compression method ${entry.method} (only stored and deflate are supported)`);
  }
  if (result.length !== entry.uncompressedSize) {
    throw new TorchCheckpointError(source, `corrupt zip: '${entry.name}' holds ${result.length} bytes, its header says ${entry.uncompressedSize}`);
  }
  const checksum = crc32(result);
  if (checksum !== entry.crc32) {
    const hex = (value: number) => `0x${value.toString(16).padStart(8, '0')}`;
    throw new TorchCheckpointError(source, `corrupt zip: CRC-32 mismatch in '${entry.name}' (header ${hex(entry.crc32)}, data ${hex(checksum)})`);
  }
  return result;
}

/**
 * Opens a zip archive held in memory: finds the central directory (zip64 included) and indexes the entries.
 * Entries may be stored or deflated (through `node:zlib`); each read checks sizes and the CRC-32.
 *
 * @throws TorchCheckpointError `truncated or corrupt zip: …` / `corrupt zip: …` naming the record at fault.
 */
export function openZipArchive(bytes: Uint8Array, source: string): ZipArchive {
  const entries = new Map(readCentralDirectory(bytes, findCentralDirectory(bytes, source), source).map((entry) => [entry.name, entry]));
  const find = (name: string): ZipEntry => {
    const entry = entries.get(name);
    if (entry === undefined) throw new TorchCheckpointError(source, `zip entry '${name}' is missing`);
    return entry;
  };
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    size: (name) => find(name).uncompressedSize,
    read: (name) => extract(bytes, find(name), source),
  };
}
