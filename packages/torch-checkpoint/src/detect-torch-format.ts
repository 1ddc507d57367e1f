import { ByteReader } from './byte-reader';
import { DEFAULT_SOURCE, TorchCheckpointError } from './errors';
import { LEGACY_MAGIC_NUMBER, LEGACY_MAGIC_PICKLE } from './format/legacy-header';
import { unpickle } from './pickle/unpickler';

/** The two torch.save formats: `zip` (PyTorch ≥ 1.6 default) and `legacy` (consecutive pickles). */
export type TorchFormat = 'zip' | 'legacy';

/** Options of `detectTorchFormat`. */
export interface DetectTorchFormatOptions {
  /** The file name used in errors (default `checkpoint`). */
  source?: string;
}

const ZIP_LOCAL_HEADER: readonly number[] = [0x50, 0x4b, 0x03, 0x04];
const PROTO = 0x80;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

/** Whether the bytes are a non-empty beginning of `prefix` (a file cut short inside its signature). */
function isCutShort(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length > 0 && bytes.length < prefix.length && bytes.every((byte, index) => prefix[index] === byte);
}

function picklesMagicNumber(bytes: Uint8Array): boolean {
  try {
    return unpickle(new ByteReader(bytes, DEFAULT_SOURCE), { source: DEFAULT_SOURCE }) === LEGACY_MAGIC_NUMBER;
  } catch {
    return false;
  }
}

function isTar(bytes: Uint8Array): boolean {
  return new TextDecoder('latin1').decode(bytes.subarray(257, 262)) === 'ustar';
}

function hexBytes(bytes: Uint8Array): string {
  return [...bytes.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Tells which torch.save format some bytes are in, from their first bytes: a zip local file header, or a
 * pickle of torch's magic number 0x1950a86a20f9469cfc6c (any pickle protocol). A file cut short inside
 * either signature still gets its format, so that reading it reports the truncation.
 *
 * @throws TorchCheckpointError `not a PyTorch checkpoint: starts with bytes …` for anything else.
 * @example
 * detectTorchFormat(readFileSync('fbnet_a.pth')); // 'zip'
 */
export function detectTorchFormat(bytes: Uint8Array, options: DetectTorchFormatOptions = {}): TorchFormat {
  const source = options.source ?? DEFAULT_SOURCE;
  if (bytes.length === 0) throw new TorchCheckpointError(source, 'not a PyTorch checkpoint: the file is empty');
  if (startsWith(bytes, ZIP_LOCAL_HEADER) || isCutShort(bytes, ZIP_LOCAL_HEADER)) return 'zip';
  if (startsWith(bytes, LEGACY_MAGIC_PICKLE) || isCutShort(bytes, LEGACY_MAGIC_PICKLE)) return 'legacy';
  if (bytes[0] === PROTO && picklesMagicNumber(bytes)) return 'legacy';
  if (isTar(bytes)) {
    throw new TorchCheckpointError(source, 'unsupported PyTorch checkpoint: the tar format of PyTorch before 0.1.10 is not supported');
  }
  throw new TorchCheckpointError(
    source,
    `not a PyTorch checkpoint: starts with bytes ${hexBytes(bytes)} (expected a zip archive, 50 4b 03 04, ` +
      `or a pickle of torch's magic number, 80 02 8a 0a 6c fc …)`,
  );
}
