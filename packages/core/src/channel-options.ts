/**
 * Channel options of a searchable width (FBNetV2 §3.1; fbnet-methods §2.2, §2.5): the candidate channel counts
 * of one block, written as an explicit list (`[8, 12, 16]`) or as the paper's macro-table range
 * (`{ min: 8, max: 16, step: 4 }`, both ends inclusive when reached).
 */

/** Channel options as written: an explicit list of channel counts, or an inclusive `{ min, max, step }` range. */
export type ChannelOptionsSpec = readonly number[] | ChannelRange;

/** An inclusive range of channel counts: `min, min + step, …` up to `max` (`max` included when reached). */
export interface ChannelRange {
  /** Smallest channel count (channels, a positive integer). */
  min: number;
  /** Largest channel count (channels, a positive integer ≥ `min`). */
  max: number;
  /** Step between options (channels, a positive integer). */
  step: number;
}

/** Options of `channelOptions`. */
export interface ChannelOptionsContext {
  /** The block's maximum width (channels): every option must be ≤ it. Omitted: no upper bound. */
  maxChannels?: number;
  /** What the options are, for error messages (e.g. `stages[2].channels`). Default `channel options`. */
  name?: string;
}

/**
 * Resolves channel options to a sorted (ascending) list of distinct positive integers, each ≤ the block's
 * maximum width. A range gives `min, min + step, …, ≤ max`.
 *
 * @returns channel counts (channels), ascending.
 * @throws Error naming the option and the expected form: an empty list, a non-integer or non-positive value,
 *   a value above `maxChannels`, a repeated value, a step ≤ 0, or `min > max`.
 * @example
 * channelOptions({ min: 16, max: 28, step: 4 }); // [16, 20, 24, 28]
 * channelOptions([24, 8, 16], { maxChannels: 24 }); // [8, 16, 24]
 * channelOptions([8, 40], { maxChannels: 32, name: 'stages[2].channels' });
 * // Error: stages[2].channels: expected channel counts ≤ the block's maximum width 32, got 40
 */
export function channelOptions(spec: ChannelOptionsSpec, context: ChannelOptionsContext = {}): number[] {
  const name = context.name ?? 'channel options';
  if (context.maxChannels !== undefined) {
    checkPositiveInteger(context.maxChannels, `${name}: expected a positive integer maximum width`);
  }
  const values = isRange(spec) ? expandRange(spec, name) : [...spec];
  if (values.length === 0) throw new Error(`${name}: expected at least one channel count, got an empty list`);
  for (const value of values) {
    checkPositiveInteger(value, `${name}: expected positive integer channel counts`);
    if (context.maxChannels !== undefined && value > context.maxChannels) {
      throw new Error(`${name}: expected channel counts ≤ the block's maximum width ${context.maxChannels}, got ${value}`);
    }
  }
  const sorted = values.sort((a, b) => a - b);
  sorted.forEach((value, index) => {
    if (index > 0 && sorted[index - 1] === value) {
      throw new Error(`${name}: expected distinct channel counts, got ${value} more than once`);
    }
  });
  return sorted;
}

function isRange(spec: ChannelOptionsSpec): spec is ChannelRange {
  return !Array.isArray(spec);
}

function expandRange(range: ChannelRange, name: string): number[] {
  checkPositiveInteger(range.min, `${name}.min: expected a positive integer channel count`);
  checkPositiveInteger(range.max, `${name}.max: expected a positive integer channel count`);
  checkPositiveInteger(range.step, `${name}.step: expected a positive integer step (> 0)`);
  if (range.min > range.max) {
    throw new Error(`${name}: expected min ≤ max, got min ${range.min} and max ${range.max}`);
  }
  const values: number[] = [];
  for (let value = range.min; value <= range.max; value += range.step) values.push(value);
  return values;
}

function checkPositiveInteger(value: number, message: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${message}, got ${String(value)}`);
  }
}
