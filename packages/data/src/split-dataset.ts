import type { Dataset } from './dataset';
import { assertSeed } from '@fbnas/core';
import { selectExamples } from './select-examples';
import { stratifiedSample } from './stratified-sample';

/** Options of {@link splitDataset}. */
export interface SplitOptions {
  /** Share of examples in `first`, in `[0, 1]`; default 0.8. */
  readonly fraction?: number;
  /** Seed of the per-class shuffles; default 0. */
  readonly seed?: number;
}

/**
 * Splits a dataset in two, **stratified**: `first` gets `round(fraction · count)` examples with every class
 * in the same proportion as in the whole (quotas by largest remainder), the examples of each class picked by a
 * seeded shuffle; `second` gets the rest. Deterministic in `(dataset, fraction, seed)`; the parts are disjoint,
 * cover the dataset, and keep the dataset's order (shuffle later, with `batches`).
 *
 * @example
 * const { first: searchTrain, second: searchValidation } = splitDataset(train, { fraction: 0.8, seed: 1 });
 */
export function splitDataset(dataset: Dataset, options: SplitOptions = {}): { first: Dataset; second: Dataset } {
  const fraction = options.fraction ?? 0.8;
  const seed = options.seed ?? 0;
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new Error(`splitDataset: options.fraction: expected a number in [0, 1], got ${fraction}`);
  }
  assertSeed(seed, 'splitDataset: options.seed');
  const { chosen, rest } = stratifiedSample(dataset.labels, dataset.classes, Math.round(fraction * dataset.count), seed);
  return {
    first: selectExamples(dataset, chosen, `${dataset.name}:first`),
    second: selectExamples(dataset, rest, `${dataset.name}:second`),
  };
}

/**
 * A stratified random subset of `count` examples (same rule as {@link splitDataset}'s `first`), in the
 * dataset's order. Deterministic in `(dataset, count, seed)`.
 *
 * @example
 * const small = subsetDataset(train, 1000, 3); // 100 per class from a balanced 10-class dataset
 */
export function subsetDataset(dataset: Dataset, count: number, seed = 0): Dataset {
  if (!Number.isInteger(count) || count < 0 || count > dataset.count) {
    throw new Error(`subsetDataset: count: expected an integer in [0, ${dataset.count}], got ${count}`);
  }
  assertSeed(seed, 'subsetDataset: seed');
  const { chosen } = stratifiedSample(dataset.labels, dataset.classes, count, seed);
  return selectExamples(dataset, chosen, `${dataset.name}:subset-${count}`);
}
