import { describe, expect, it } from 'vitest';
import { syntheticDataset } from './__fixtures__/synthetic-files';
import type { Dataset } from './dataset';
import { assertDataset } from './dataset';
import { selectExamples } from './select-examples';
import { splitDataset, subsetDataset } from './split-dataset';

const imageKey = (dataset: Dataset, index: number) => {
  const size = dataset.height * dataset.width * dataset.channels;
  return Array.from(dataset.images.subarray(index * size, (index + 1) * size)).join(',');
};
const keys = (dataset: Dataset) => Array.from({ length: dataset.count }, (_, index) => imageKey(dataset, index));
const classCounts = (dataset: Dataset) => {
  const counts = new Array<number>(dataset.classes).fill(0);
  dataset.labels.forEach((label) => (counts[label] = (counts[label] ?? 0) + 1));
  return counts;
};

describe('splitDataset', () => {
  const dataset = syntheticDataset(103, 4);

  it('is stratified 80/20, disjoint, complete and valid', () => {
    const { first, second } = splitDataset(dataset, { fraction: 0.8, seed: 3 });
    expect([first.count, second.count]).toEqual([82, 21]);
    assertDataset(first);
    assertDataset(second);
    const whole = classCounts(dataset); // [26, 26, 26, 25]
    classCounts(first).forEach((count, label) => expect(Math.abs(count - 0.8 * (whole[label] ?? 0))).toBeLessThan(1));
    const firstKeys = new Set(keys(first));
    expect(keys(second).filter((key) => firstKeys.has(key))).toEqual([]);
    expect([...keys(first), ...keys(second)].sort()).toEqual(keys(dataset).sort());
    expect([first.name, second.name]).toEqual(['synthetic:first', 'synthetic:second']);
  });

  it('is deterministic in the seed, and the seed matters', () => {
    const once = splitDataset(dataset, { seed: 9 });
    const again = splitDataset(dataset, { seed: 9 });
    expect(Array.from(again.first.images)).toEqual(Array.from(once.first.images));
    expect(Array.from(again.second.labels)).toEqual(Array.from(once.second.labels));
    expect(keys(splitDataset(dataset, { seed: 10 }).first)).not.toEqual(keys(once.first));
  });

  it('keeps the dataset order inside each part', () => {
    const { first } = splitDataset(dataset, { seed: 1 });
    const positions = keys(first).map((key) => keys(dataset).indexOf(key));
    expect(positions).toEqual([...positions].sort((left, right) => left - right));
  });

  it('rejects a fraction outside [0, 1]', () => {
    expect(() => splitDataset(dataset, { fraction: 1.2 })).toThrow('splitDataset: options.fraction: expected a number in [0, 1], got 1.2');
  });
});

describe('subsetDataset', () => {
  it('takes a stratified, seeded subset', () => {
    const dataset = syntheticDataset(100, 5);
    const subset = subsetDataset(dataset, 30, 2);
    expect(subset.count).toBe(30);
    expect(classCounts(subset)).toEqual([6, 6, 6, 6, 6]);
    expect(keys(subsetDataset(dataset, 30, 2))).toEqual(keys(subset));
    expect(() => subsetDataset(dataset, 101, 2)).toThrow('subsetDataset: count: expected an integer in [0, 100], got 101');
  });
});

describe('selectExamples', () => {
  it('copies the examples at the indices, in order', () => {
    const dataset = syntheticDataset(4, 2, { height: 1, width: 1, channels: 1 });
    const selected = selectExamples(dataset, [3, 0, 3], 'picked');
    expect(Array.from(selected.images)).toEqual([dataset.images[3], dataset.images[0], dataset.images[3]]);
    expect(selected.count).toBe(3);
    expect(() => selectExamples(dataset, [4])).toThrow('selectExamples: indices[0]: expected an integer in [0, 4), got 4');
  });
});
