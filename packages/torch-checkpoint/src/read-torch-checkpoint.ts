import { detectTorchFormat } from './detect-torch-format';
import { DEFAULT_SOURCE, TorchCheckpointError } from './errors';
import { readLegacyCheckpoint } from './format/read-legacy-checkpoint';
import { readZipCheckpoint } from './format/read-zip-checkpoint';
import type { TorchValue } from './torch-value';

/** Options of `readTorchCheckpoint`. */
export interface ReadTorchCheckpointOptions {
  /** The file name errors start with (default `checkpoint`). */
  source?: string;
}

/**
 * Decodes a PyTorch checkpoint (`.pth`/`.pt` bytes from `torch.save`, zip or legacy format) into plain JS
 * values, without running any of its code: the pickle may only name allow-listed globals
 * ({@link ALLOWED_GLOBALS}), rebuilt by pure JS. Tensors come back as contiguous typed arrays
 * ({@link TorchTensor}); dicts as `Map`s; see {@link TorchValue} for every mapping. The whole checkpoint is
 * decoded before anything is returned: there are no partial results.
 *
 * @throws TorchCheckpointError naming `options.source` and what was wrong: not a checkpoint, truncation
 * (`truncated at byte N while reading X`), a corrupt zip, a missing storage or size mismatch, an unknown
 * opcode (hex), or an unsafe global (`unsafe pickle: global 'os.system' is not allowed (allowed: …)`).
 * @example
 * const root = readTorchCheckpoint(readFileSync('fbnet_a.pth'), { source: 'fbnet_a.pth' });
 * const weights = extractStateDict(root);
 */
export function readTorchCheckpoint(bytes: Uint8Array, options: ReadTorchCheckpointOptions = {}): TorchValue {
  const source = options.source ?? DEFAULT_SOURCE;
  try {
    const format = detectTorchFormat(bytes, { source });
    return format === 'zip' ? readZipCheckpoint(bytes, source) : readLegacyCheckpoint(bytes, source);
  } catch (error) {
    if (error instanceof TorchCheckpointError) throw error;
    throw new TorchCheckpointError(source, `cannot read the checkpoint: ${(error as Error).message}`, { cause: error });
  }
}
