import '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { loadEmbeddedFashionMnist, multitaskCanvas, type MultitaskDataset } from '@fbnas/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { MULTITASK_TASKS, multitaskLayout } from '../multitask-layout';
import { deriveTaskArchitecture } from '../task-architecture';
import { boxIou, trainTaskArchitecture } from './train-task-architecture';

let train: MultitaskDataset;
let test: MultitaskDataset;
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  const { train: source } = await loadEmbeddedFashionMnist();
  const part = (from: number, count: number) => ({ ...source, count, images: source.images.subarray(from * 784, (from + count) * 784), labels: source.labels.subarray(from, from + count) });
  train = multitaskCanvas(part(0, 96), { seed: 0 });
  test = multitaskCanvas(part(96, 32), { seed: 1 });
});

describe('boxIou', () => {
  it('is the hand formula: overlap over union; disjoint or inverted boxes give 0', () => {
    expect(boxIou([0, 0, 0.5, 0.5], [0, 0, 0.5, 0.5])).toBe(1);
    expect(boxIou([0, 0, 0.4, 0.4], [0.2, 0.2, 0.6, 0.6])).toBeCloseTo(0.04 / (0.16 + 0.16 - 0.04), 12);
    expect(boxIou([0, 0, 0.1, 0.1], [0.5, 0.5, 0.9, 0.9])).toBe(0);
    expect(boxIou([0.5, 0.5, 0.1, 0.1], [0, 0, 1, 1])).toBe(0);
  });
});

describe('trainTaskArchitecture', () => {
  const layout = multitaskLayout();
  const keep = layout.skippable.map(() => 1 as const);
  for (const task of MULTITASK_TASKS) {
    it(`trains the ${task} architecture alone from its document, lowers its loss and tests it`, async () => {
      const result = await trainTaskArchitecture({ architecture: deriveTaskArchitecture(layout, task, keep), train, test, epochs: 3, seed: 0, batchSize: 16 });
      expect(result.losses).toHaveLength(3);
      expect(result.losses[2]!).toBeLessThan(result.losses[0]!);
      expect(result.value).toBeGreaterThanOrEqual(0);
      expect(result.value).toBeLessThanOrEqual(1);
      // Segmentation finds the item (all background would score 0); accuracy and box IoU are not asked of 3 short epochs.
      if (task === 'segmentation') expect(result.value, result.metric).toBeGreaterThan(0.2);
    });
  }
});
