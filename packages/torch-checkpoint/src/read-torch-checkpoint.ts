import { detectTorchFormat } from './detect-torch-format';
import { DEFAULT_SOURCE, TorchCheckpointError } from './errors';
import { readLegacyCheckpoint } from './format/read-legacy-checkpoint';
import { readZipCheckpoint } from './format/read-zip-checkpoint';
import { DEFAULT_MAX_TENSOR_BYTES } from './format/tensor-byte-budget';
import type { TorchValue } from './torch-value';

/** Options of `readTorchCheckpoint`. */
export interface ReadTorchCheckpointOptions {
  /** The file name errors start with (default `checkpoint`). */
  source?: string;
  /**
   * The most bytes the checkpoint's storages, and separately its tensors (decoded), may hold: checked as the
   * pickle declares them, before anything is allocated (bytes; default 2 GiB, `DEFAULT_MAX_TENSOR_BYTES`).
   */
  maxTensorBytes?: number;
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
 * opcode (hex), an unsafe global (`unsafe pickle: global 'os.system' is not allowed (allowed: …)`), or
 * storages or tensors declaring more than `maxTensorBytes` (`the checkpoint's tensors declare N bytes (4 GiB)
 * up to a float32 tensor of size [1073741824], more than the limit of 2147483648 bytes (2 GiB); raise the
 * maxTensorBytes option to read it`), or a legacy storage larger than the file.
 * @example
 * const root = readTorchCheckpoint(readFileSync('fbnet_a.pth'), { source: 'fbnet_a.pth' });
 * const weights = extractStateDict(root);
 */
export function readTorchCheckpoint(bytes: Uint8Array, options: ReadTorchCheckpointOptions = {}): TorchValue {
  const source = options.source ?? DEFAULT_SOURCE;
  const maxTensorBytes = options.maxTensorBytes ?? DEFAULT_MAX_TENSOR_BYTES;
  if (!(maxTensorBytes > 0)) {
    throw new RangeError(`readTorchCheckpoint: options.maxTensorBytes must be a positive number of bytes, got ${maxTensorBytes}`);
  }
  try {
    const format = detectTorchFormat(bytes, { source });
    const limits = { maxTensorBytes };
    return format === 'zip' ? readZipCheckpoint(bytes, source, limits) : readLegacyCheckpoint(bytes, source, limits);
  } catch (error) {
    if (error instanceof TorchCheckpointError) throw error;
    throw new TorchCheckpointError(source, `cannot read the checkpoint: ${(error as Error).message}`, { cause: error });
  }
}
