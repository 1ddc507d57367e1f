import { ByteReader } from '../byte-reader';
import { TorchCheckpointError } from '../errors';
import { describeValue } from '../globals/expect-arguments';
import { unpickle } from '../pickle/unpickler';
import type { TorchValue } from '../torch-value';
import { CheckpointContext, type CheckpointLimits } from './checkpoint-context';
import { checkTorchValue } from './check-torch-value';
import { LEGACY_MAGIC_NUMBER, LEGACY_PROTOCOL_VERSION } from './legacy-header';

function readHeader(reader: ByteReader, source: string): void {
  const plain = { source };
  const magic = unpickle(reader, plain);
  if (magic !== LEGACY_MAGIC_NUMBER) {
    throw new TorchCheckpointError(source, `not a PyTorch checkpoint: the first pickle holds ${describeValue(magic)}, not torch's magic number`);
  }
  const version = unpickle(reader, plain);
  if (version !== LEGACY_PROTOCOL_VERSION) {
    throw new TorchCheckpointError(source, `unsupported legacy checkpoint protocol version ${describeValue(version)} (expected ${LEGACY_PROTOCOL_VERSION})`);
  }
  const systemInfo = unpickle(reader, plain);
  if (systemInfo instanceof Map && systemInfo.get('little_endian') === false) {
    throw new TorchCheckpointError(source, 'the checkpoint was saved on a big-endian machine; only little-endian checkpoints are supported');
  }
}

function readStorageKeys(reader: ByteReader, source: string): string[] {
  const keys = unpickle(reader, { source });
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) {
    throw new TorchCheckpointError(source, `the storage key list must be a list of strings, got ${describeValue(keys)}`);
  }
  return keys;
}

function readStorages(reader: ByteReader, keys: string[], context: CheckpointContext, source: string): void {
  for (const key of keys) {
    const record = context.storages.get(key);
    if (record === undefined) {
      throw new TorchCheckpointError(source, `storage '${key}' is listed after the pickle but no tensor uses it`);
    }
    const count = reader.int64(`the element count of storage '${key}'`);
    if (count !== record.elementCount) {
      throw new TorchCheckpointError(
        source,
        `storage size mismatch: storage '${key}' holds ${count} elements in the file, the pickle expects ${record.elementCount}`,
      );
    }
    record.bytes = reader.slice(record.byteLength, `storage '${key}' (${count} ${record.type.dtype} elements)`);
  }
  for (const record of context.storages.values()) {
    if (record.bytes === undefined) throw new TorchCheckpointError(source, `storage '${record.key}' is used by the pickle but missing from the file`);
  }
}

/**
 * Reads a legacy-format checkpoint (torch.save before PyTorch 1.6, or `_use_new_zipfile_serialization=False`):
 * pickles of the magic number, the protocol version and system info, the main pickle with storage persistent
 * ids, the list of storage keys, then each storage as an int64 element count and its raw little-endian bytes.
 *
 * @param limits `maxTensorBytes` (default 2 GiB); every storage must also fit in the file.
 * @throws TorchCheckpointError for truncation (`truncated at byte N while reading X`), size mismatches, a
 * storage larger than the file, storages or tensors over `maxTensorBytes`, and anything the unpickler refuses.
 */
export function readLegacyCheckpoint(bytes: Uint8Array, source: string, limits: Pick<CheckpointLimits, 'maxTensorBytes'> = {}): TorchValue {
  const reader = new ByteReader(bytes, source);
  readHeader(reader, source);
  const context = new CheckpointContext(source, { ...limits, fileBytes: bytes.length });
  const root = unpickle(reader, context);
  readStorages(reader, readStorageKeys(reader, source), context, source);
  context.materialiseTensors();
  return checkTorchValue(root, source);
}
