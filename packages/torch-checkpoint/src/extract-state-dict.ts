import { DEFAULT_SOURCE, TorchCheckpointError } from './errors';
import { describeValue } from './globals/expect-arguments';
import { isTorchTensor, type TorchTensor, type TorchValue } from './torch-value';

/** The checkpoint keys `extractStateDict` looks in by default, in order. */
export const DEFAULT_STATE_DICT_KEYS: readonly string[] = ['model_ema', 'state_dict', 'model'];

/** Options of `extractStateDict`. */
export interface ExtractStateDictOptions {
  /** Keys of the checkpoint dict to take the state dict from, first present and not None wins. */
  prefer?: readonly string[];
  /** Leading parts removed from parameter names, once (default `['module.']`, from (Distributed)DataParallel). */
  stripPrefixes?: readonly string[];
  /** The file name errors start with (default `checkpoint`). */
  source?: string;
}

function isTensorDict(value: TorchValue | undefined): value is Map<string, TorchTensor> {
  return value instanceof Map && [...value].every(([key, item]) => typeof key === 'string' && isTorchTensor(item));
}

function describeKeys(dict: Map<unknown, unknown>): string {
  const keys = [...dict.keys()].map((key) => `'${String(key)}'`);
  return keys.length === 0 ? 'no keys' : `keys ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''}`;
}

function explainNotTensorDict(value: TorchValue, where: string): string {
  if (!(value instanceof Map)) return `${where} is ${describeValue(value)}, not a dict of tensors`;
  for (const [key, item] of value) {
    if (typeof key !== 'string') return `${where} has the non-string key ${describeValue(key)}`;
    if (!isTorchTensor(item)) return `${where} entry '${key}' is ${describeValue(item)}, not a tensor`;
  }
  return `${where} is not a dict of tensors`;
}

function stripNames(dict: Map<string, TorchTensor>, prefixes: readonly string[], source: string): Map<string, TorchTensor> {
  const result = new Map<string, TorchTensor>();
  const originals = new Map<string, string>();
  for (const [name, tensor] of dict) {
    const prefix = prefixes.find((candidate) => name.startsWith(candidate));
    const stripped = prefix === undefined ? name : name.slice(prefix.length);
    const earlier = originals.get(stripped);
    if (earlier !== undefined) {
      const stripping = prefixes.map((candidate) => `'${candidate}'`).join(', ');
      throw new TorchCheckpointError(source, `state dict names '${earlier}' and '${name}' both become '${stripped}' once ${stripping} is stripped`);
    }
    originals.set(stripped, name);
    result.set(stripped, tensor);
  }
  return result;
}

/**
 * Finds the model weights in a decoded checkpoint: the first of `options.prefer` (default `model_ema`,
 * `state_dict`, `model`) that is present and not None, else the root itself when it is a flat name → tensor
 * dict. A leading `module.` (DataParallel) is stripped from names.
 *
 * @throws TorchCheckpointError naming the keys found when no state dict is recognisable, or the entry that
 * is not a tensor when the chosen dict holds something else.
 * @example
 * const weights = extractStateDict(readTorchCheckpoint(bytes)); // Map { 'conv.weight' => TorchTensor, … }
 */
export function extractStateDict(root: TorchValue, options: ExtractStateDictOptions = {}): Map<string, TorchTensor> {
  const source = options.source ?? DEFAULT_SOURCE;
  const prefer = options.prefer ?? DEFAULT_STATE_DICT_KEYS;
  const prefixes = options.stripPrefixes ?? ['module.'];
  if (!(root instanceof Map)) {
    throw new TorchCheckpointError(source, `no state dict found: the checkpoint is ${describeValue(root)}, not a dict`);
  }
  for (const key of prefer) {
    const value = root.get(key);
    if (value === undefined || value === null) continue;
    if (!isTensorDict(value)) throw new TorchCheckpointError(source, `no state dict found: ${explainNotTensorDict(value, `'${key}'`)}`);
    return stripNames(value, prefixes, source);
  }
  if (root.size > 0 && isTensorDict(root)) return stripNames(root, prefixes, source);
  const wanted = prefer.map((key) => `'${key}'`).join(', ');
  throw new TorchCheckpointError(
    source,
    `no state dict found: expected a dict with one of ${wanted} (not None) or a flat dict of tensors; found ${describeKeys(root)}`,
  );
}
