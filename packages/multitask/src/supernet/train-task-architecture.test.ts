import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { loadEmbeddedFashionMnist, multitaskCanvas, type MultitaskDataset } from '@fbnas/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { MULTITASK_TASKS, multitaskLayout } from '../multitask-layout';
import { deriveTaskArchitecture } from '../task-architecture';
import { boxIou } from './task-metric';
import { trainTaskArchitecture } from './train-task-architecture';

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

  it('trains in a run folder: interrupted, it resumes and ends as an uninterrupted run; finished, it returns result.json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fbnas-task-train-'));
    try {
      const architecture = deriveTaskArchitecture(layout, 'box', keep);
      const options = { architecture, train, test, epochs: 3, seed: 0, batchSize: 16 };
      const whole = await trainTaskArchitecture({ ...options, runFolder: join(root, 'whole'), metadata: { note: 'not compared' } });
      expect(JSON.parse(readFileSync(join(root, 'whole', 'result.json'), 'utf8'))).toEqual(whole);
      const parts = join(root, 'parts');
      await expect(trainTaskArchitecture({ ...options, runFolder: parts, onEpoch: (epoch) => {
        if (epoch === 1) throw new Error('killed');
      } })).rejects.toThrow('killed');
      expect(existsSync(join(parts, 'result.json'))).toBe(false);
      // As if killed after logging epoch 3 but before its checkpoint: that line goes, and the epoch runs again.
      const log = join(parts, 'train-log.jsonl');
      appendFileSync(log, `${JSON.stringify({ epoch: 2, loss: 9, seconds: 1 })}\n`);
      const notices: string[] = [];
      const epochs: number[] = [];
      const resumed = await trainTaskArchitecture({ ...options, runFolder: parts, metadata: { other: 1 }, onNotice: (m) => notices.push(m), onEpoch: (e) => epochs.push(e) });
      expect(notices).toEqual([`${log}: dropped 1 line written after the last checkpoint`]);
      expect(epochs).toEqual([2]);
      expect(resumed).toEqual(whole);
      expect(readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l).epoch)).toEqual([0, 1, 2]);
      const again = await trainTaskArchitecture({ ...options, runFolder: parts, onEpoch: () => expect.fail('a finished run trained again') });
      expect(again).toEqual(whole);
      await expect(trainTaskArchitecture({ ...options, seed: 1, runFolder: parts })).rejects.toThrow(/seed/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
