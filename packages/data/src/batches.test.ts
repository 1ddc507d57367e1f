import { describe, expect, it } from 'vitest';
import { syntheticDataset } from './__fixtures__/synthetic-files';
import { cropAndFlip } from './augmentation';
import type { Batch, BatchOptions } from './batches';
import { batches, countBatches, epochOrder } from './batches';
import type { Dataset } from './dataset';

const dataset = syntheticDataset(23, 3);
const collect = (options: BatchOptions, source: Dataset = dataset): Batch[] => Array.from(batches(source, options));
const flatIndices = (list: Batch[]) => list.flatMap((batch) => Array.from(batch.indices));
const sorted = (values: number[]) => [...values].sort((left, right) => left - right);
const all = Array.from({ length: 23 }, (_, index) => index);

describe('batches', () => {
  it('visits every example exactly once per epoch, in batches of batchSize and a smaller last one', () => {
    const list = collect({ batchSize: 5, seed: 1, epoch: 0 });
    expect(list.map((batch) => batch.size)).toEqual([5, 5, 5, 5, 3]);
    expect(list.map((batch) => batch.batchIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(sorted(flatIndices(list))).toEqual(all);
    expect(countBatches(23, { batchSize: 5 })).toBe(5);
  });

  it('drops the short last batch with dropLast', () => {
    const list = collect({ batchSize: 5, seed: 1, dropLast: true });
    expect(list.map((batch) => batch.size)).toEqual([5, 5, 5, 5]);
    expect(new Set(flatIndices(list)).size).toBe(20);
  });

  it('depends only on (seed, epoch): same batches again, different ones for another epoch or seed', () => {
    const options = { batchSize: 4, seed: 11, epoch: 3, augment: { randomCrop: { padding: 1 }, horizontalFlip: true } };
    const once = collect(options);
    const again = collect({ ...options });
    expect(again.map((batch) => Array.from(batch.images))).toEqual(once.map((batch) => Array.from(batch.images)));
    expect(flatIndices(again)).toEqual(flatIndices(once));
    expect(flatIndices(collect({ ...options, epoch: 4 }))).not.toEqual(flatIndices(once));
    expect(flatIndices(collect({ ...options, seed: 12 }))).not.toEqual(flatIndices(once));
    expect(Array.from(epochOrder(23, options))).toEqual(flatIndices(once));
  });

  it('resumes mid-epoch with fromBatch', () => {
    const options = { batchSize: 4, seed: 2, epoch: 1, augment: { horizontalFlip: true } };
    const full = collect(options);
    const resumed = collect({ ...options, fromBatch: 3 });
    expect(resumed.map((batch) => batch.batchIndex)).toEqual([3, 4, 5]);
    expect(resumed.map((batch) => Array.from(batch.images))).toEqual(full.slice(3).map((batch) => Array.from(batch.images)));
  });

  it('keeps dataset order without shuffling and gives the labels as int32', () => {
    const [first] = collect({ batchSize: 23, shuffle: false });
    expect(Array.from(first?.indices ?? [])).toEqual(all);
    expect(first?.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(first?.labels ?? [])).toEqual(Array.from(dataset.labels));
  });

  it('augments each example as a crop/flip of the original, drawn per (seed, epoch, index), independent of batch size', () => {
    const augment = { randomCrop: { padding: 1 }, horizontalFlip: true };
    const big = collect({ batchSize: 23, seed: 5, epoch: 2, augment, normalize: 'none' });
    const small = collect({ batchSize: 3, seed: 5, epoch: 2, augment, normalize: 'none' });
    const size = 4 * 5 * 2;
    const byIndex = (list: Batch[]) => {
      const images = new Map<number, number[]>();
      for (const batch of list) {
        batch.indices.forEach((index, position) => images.set(index, Array.from(batch.images.subarray(position * size, (position + 1) * size))));
      }
      return images;
    };
    const fromBig = byIndex(big);
    const fromSmall = byIndex(small);
    let changed = 0;
    for (const index of all) {
      const augmented = fromBig.get(index) ?? [];
      expect(fromSmall.get(index)).toEqual(augmented);
      const original = dataset.images.subarray(index * size, (index + 1) * size);
      const candidates = [0, 1, 2].flatMap((top) =>
        [0, 1, 2].flatMap((left) => [false, true].map((flip) => Array.from(cropAndFlip(original, dataset, { padding: 1, top, left, flip })))),
      );
      expect(candidates).toContainEqual(augmented);
      if (augmented.join() !== Array.from(original).join()) changed += 1;
    }
    expect(changed).toBeGreaterThan(10);
  });

  it('normalises: unit by default, none, and per-channel mean/std', () => {
    const tiny: Dataset = { name: 'tiny', images: Uint8Array.from([0, 255, 51, 102]), labels: Uint8Array.from([1]), count: 1, height: 1, width: 2, channels: 2, classes: 2 };
    const first = (options: Partial<BatchOptions>) => Array.from(collect({ batchSize: 1, ...options }, tiny)[0]?.images ?? []);
    expect(first({})).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect(first({ normalize: 'none' })).toEqual([0, 255, 51, 102]);
    const normalized = first({ normalize: { mean: [0.5, 0.25], std: [0.5, 0.25] } });
    // channel 0: (0 − 0.5) / 0.5 = −1, (0.2 − 0.5) / 0.5 = −0.6; channel 1: (1 − 0.25) / 0.25 = 3, (0.4 − 0.25) / 0.25 = 0.6
    [-1, 3, -0.6, 0.6].forEach((value, index) => expect(normalized[index]).toBeCloseTo(value, 6));
  });

  it('rejects bad options', () => {
    expect(() => collect({ batchSize: 0 })).toThrow('batches: options.batchSize: expected a positive integer, got 0');
    expect(() => collect({ batchSize: 2, epoch: -1 })).toThrow('batches: options.epoch: expected a non-negative integer, got -1');
    expect(() => collect({ batchSize: 2, normalize: { mean: [0.1, 0.2, 0.3], std: [1] } })).toThrow(
      'normalize.mean: expected 2 numbers (one per channel), got 3',
    );
  });
});
