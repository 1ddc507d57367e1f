/**
 * Size limits of `fbnas.arch/v1` documents, so that a typo (`"repeat": 100000`) or a hostile file fails at once
 * with a clear message instead of exhausting memory while a model is built. The defaults hold every published
 * FBNet/FBNetV2 model with a wide margin; raise a limit by passing it (`validateArch(arch, { limits })`).
 */
import type { ArchDefinition } from './arch-definition';
import { FormatError } from './format-error';

/** Upper bounds checked by `assertArchWithinLimits` (all inclusive). */
export interface ArchLimits {
  /** Backbone blocks after repeats are expanded (the sum of every entry's `repeat`). */
  maxBlocks: number;
  /** `repeat` of any one block entry. */
  maxRepeat: number;
  /** Output channels of any block entry, and `inputChannels`. */
  maxChannels: number;
  /** `inputSize` (pixels, the side of the square input). */
  maxInputSize: number;
  /** `numClasses`. */
  maxClasses: number;
}

/** The default limits: 1000 blocks, repeat 64, 8192 channels, 1024-pixel inputs, 100 000 classes. */
export const DEFAULT_ARCH_LIMITS: Readonly<ArchLimits> = Object.freeze({
  maxBlocks: 1000,
  maxRepeat: 64,
  maxChannels: 8192,
  maxInputSize: 1024,
  maxClasses: 100_000,
});

/**
 * Throws unless `arch` (already in the `fbnas.arch/v1` form) stays within `limits` (defaults for the ones not
 * given). The message names the field, its value, the limit and the option that raises it.
 *
 * @throws FormatError e.g. `stages[1][0][3]: repeat 100000 exceeds the limit 64 (limits.maxRepeat)`.
 * @example
 * assertArchWithinLimits(arch, { maxInputSize: 2048 });
 */
export function assertArchWithinLimits(arch: ArchDefinition, limits: Partial<ArchLimits> = {}): void {
  const bounds = resolveLimits(limits);
  const check = (value: number | undefined, path: string, what: string, key: keyof ArchLimits) => {
    if (value !== undefined && value > bounds[key]) {
      throw new FormatError(path, `${what} ${value} exceeds the limit ${bounds[key]} (limits.${key})`);
    }
  };
  check(arch.inputSize, 'inputSize', 'input size', 'maxInputSize');
  check(arch.inputChannels, 'inputChannels', 'channel count', 'maxChannels');
  check(arch.numClasses, 'numClasses', 'class count', 'maxClasses');
  let blocks = 0;
  arch.stages.forEach((stage, stageIndex) => {
    stage.forEach((entry, entryIndex) => {
      const path = `stages[${stageIndex}][${entryIndex}]`;
      check(entry[1], `${path}[1]`, 'channel count', 'maxChannels');
      check(entry[3], `${path}[3]`, 'repeat', 'maxRepeat');
      blocks += entry[3];
    });
  });
  if (blocks > bounds.maxBlocks) {
    throw new FormatError('stages', `${blocks} blocks after repeats exceed the limit ${bounds.maxBlocks} (limits.maxBlocks)`);
  }
}

/** The limits with defaults filled in, each checked to be a positive integer (or Infinity). */
function resolveLimits(limits: Partial<ArchLimits>): ArchLimits {
  const bounds = { ...DEFAULT_ARCH_LIMITS, ...limits };
  for (const [key, value] of Object.entries(bounds)) {
    if (!(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0))) {
      throw new Error(`limits.${key}: expected a positive integer (or Infinity), got ${String(value)}`);
    }
  }
  return bounds;
}
