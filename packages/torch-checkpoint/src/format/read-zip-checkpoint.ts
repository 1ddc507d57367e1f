import { ByteReader } from '../byte-reader';
import { TorchCheckpointError } from '../errors';
import { unpickle } from '../pickle/unpickler';
import type { TorchValue } from '../torch-value';
import { openZipArchive, type ZipArchive } from '../zip/zip-archive';
import { CheckpointContext, type CheckpointLimits } from './checkpoint-context';
import { checkTorchValue } from './check-torch-value';

function listEntries(archive: ZipArchive): string {
  const shown = archive.names.slice(0, 8).map((name) => `'${name}'`);
  return archive.names.length > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}

function archivePrefix(archive: ZipArchive, source: string): string {
  const first = archive.names[0];
  if (first === undefined) throw new TorchCheckpointError(source, 'corrupt checkpoint zip: the archive has no entries');
  const slash = first.indexOf('/');
  const prefix = slash < 0 ? '' : first.slice(0, slash);
  if (!archive.has(`${prefix}/data.pkl`)) {
    throw new TorchCheckpointError(source, `corrupt checkpoint zip: '${prefix}/data.pkl' is missing (entries: ${listEntries(archive)})`);
  }
  return prefix;
}

function checkByteOrder(archive: ZipArchive, prefix: string, source: string): void {
  const name = `${prefix}/byteorder`;
  if (!archive.has(name)) return;
  const order = new TextDecoder().decode(archive.read(name)).trim();
  if (order !== 'little') throw new TorchCheckpointError(source, `'${name}' says '${order}': only little-endian checkpoints are supported`);
}

function readStorages(archive: ZipArchive, prefix: string, context: CheckpointContext, source: string): void {
  for (const record of context.storages.values()) {
    const name = `${prefix}/data/${record.key}`;
    if (!archive.has(name)) throw new TorchCheckpointError(source, `corrupt checkpoint zip: storage file '${name}' is missing`);
    // Checked from the zip header before extracting, so a deflated entry is never inflated past the pickle's size.
    const declared = archive.size(name);
    if (declared !== record.byteLength) {
      throw new TorchCheckpointError(
        source,
        `storage size mismatch: '${name}' holds ${declared} bytes, the pickle expects ${record.byteLength} ` +
          `(${record.elementCount} ${record.type.dtype} elements)`,
      );
    }
    record.bytes = archive.read(name);
  }
}

/**
 * Reads a zip-format checkpoint (torch.save since PyTorch 1.6): `<prefix>/data.pkl` decoded by the safe
 * unpickler, storages from `<prefix>/data/<key>`.
 *
 * @param limits `maxTensorBytes` (default 2 GiB), checked as the pickle declares storages and tensors.
 * @throws TorchCheckpointError for a corrupt archive, a missing `data.pkl` or storage file, a storage whose
 * size disagrees with the pickle, storages or tensors over `maxTensorBytes`, and anything the unpickler refuses.
 */
export function readZipCheckpoint(bytes: Uint8Array, source: string, limits: Pick<CheckpointLimits, 'maxTensorBytes'> = {}): TorchValue {
  const archive = openZipArchive(bytes, source);
  const prefix = archivePrefix(archive, source);
  checkByteOrder(archive, prefix, source);
  const pickleName = `${prefix}/data.pkl`;
  const context = new CheckpointContext(source, limits);
  const root = unpickle(new ByteReader(archive.read(pickleName), source, pickleName), context);
  readStorages(archive, prefix, context, source);
  context.materialiseTensors();
  return checkTorchValue(root, source);
}
