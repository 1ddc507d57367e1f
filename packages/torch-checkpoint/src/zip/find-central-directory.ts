import { ByteReader } from '../byte-reader';
import { TorchCheckpointError } from '../errors';
import { ZIP64_MARKERS, ZIP_SIGNATURES } from './zip-signatures';

/** Where a zip's central directory is, from its end of central directory record(s). */
export interface CentralDirectoryLocation {
  readonly entryCount: number;
  readonly offset: number;
  readonly size: number;
  /** Where the central directory must end: the start of the (zip64) end record. */
  readonly end: number;
}

const END_RECORD_SIZE = 22;
const LOCATOR_SIZE = 20;
const MAX_COMMENT = 0xffff;

function findEndRecord(bytes: Uint8Array, source: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - END_RECORD_SIZE - MAX_COMMENT);
  for (let position = bytes.length - END_RECORD_SIZE; position >= lowest; position--) {
    if (view.getUint32(position, true) === ZIP_SIGNATURES.endOfCentralDirectory) return position;
  }
  throw new TorchCheckpointError(
    source,
    `truncated or corrupt zip: no end of central directory record in the last ${bytes.length - lowest} bytes ` +
      `(the file ends at byte ${bytes.length}; was it cut short?)`,
  );
}

function readZip64(bytes: Uint8Array, source: string, locatorAt: number): CentralDirectoryLocation {
  const reader = new ByteReader(bytes, source);
  reader.position = locatorAt + 8;
  const recordAt = reader.uint64('the zip64 end of central directory offset');
  if (recordAt + 56 > locatorAt) throw new TorchCheckpointError(source, `corrupt zip: zip64 end record offset ${recordAt} is out of range`);
  reader.position = recordAt;
  if (reader.uint32('the zip64 end record signature') !== ZIP_SIGNATURES.zip64EndOfCentralDirectory) {
    throw new TorchCheckpointError(source, `corrupt zip: bad zip64 end of central directory signature at byte ${recordAt}`);
  }
  reader.position = recordAt + 32;
  const entryCount = reader.uint64('the zip64 entry count');
  const size = reader.uint64('the zip64 central directory size');
  const offset = reader.uint64('the zip64 central directory offset');
  return { entryCount, size, offset, end: recordAt };
}

/**
 * Finds a zip's central directory from the end of central directory record, through the zip64 records when
 * present (PyTorch's writer always adds them).
 *
 * @throws TorchCheckpointError `truncated or corrupt zip: …` when the records are missing or inconsistent.
 */
export function findCentralDirectory(bytes: Uint8Array, source: string): CentralDirectoryLocation {
  if (bytes.length < END_RECORD_SIZE) {
    throw new TorchCheckpointError(source, `truncated or corrupt zip: ${bytes.length} bytes is too short for a zip archive`);
  }
  const endAt = findEndRecord(bytes, source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const locatorAt = endAt - LOCATOR_SIZE;
  let location: CentralDirectoryLocation;
  if (locatorAt >= 0 && view.getUint32(locatorAt, true) === ZIP_SIGNATURES.zip64EndOfCentralDirectoryLocator) {
    location = readZip64(bytes, source, locatorAt);
  } else {
    const entryCount = view.getUint16(endAt + 10, true);
    const size = view.getUint32(endAt + 12, true);
    const offset = view.getUint32(endAt + 16, true);
    if (entryCount === ZIP64_MARKERS.uint16 || size === ZIP64_MARKERS.uint32 || offset === ZIP64_MARKERS.uint32) {
      throw new TorchCheckpointError(source, 'corrupt zip: zip64 values announced but no zip64 end of central directory locator');
    }
    location = { entryCount, size, offset, end: endAt };
  }
  if (location.offset + location.size > location.end) {
    throw new TorchCheckpointError(
      source,
      `corrupt zip: central directory (${location.size} bytes at byte ${location.offset}) overlaps the end record at byte ${location.end}`,
    );
  }
  return location;
}
