import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from './batch';
import { planEntry, planHead } from './plan-entry';
import { runSearch } from './run-search';
import { defaultSearchConfig } from './search-config';
import type { SupernetLayout } from './supernet';

const SHAPE = [8, 8, 1] as const;
const CANDIDATES: [string, number, Record<string, number>][] = [['ir_k3', 1, { expansion: 1 }], ['ir_k5', 1, { expansion: 3 }], ['skip', 0, {}]];

function tinyLayout(): SupernetLayout {
  const stem = planEntry(['conv_k3', 8, 2, 1], { height: 8, width: 8, channels: 1 });
  const shape = stem.outShape;
  const search = (id: string) => ({
    kind: 'search' as const, id, inShape: shape,
    candidates: CANDIDATES.map(([op, , args]) => ({ name: op, plan: planEntry([op, 8, 1, 1, args], shape).plan })),
  });
  return {
    name: 'tiny',
    items: [
      { kind: 'fixed', path: 'stem', plan: stem.plan, inShape: { height: 8, width: 8, channels: 1 } },
      search('tbs_0'),
      search('tbs_1'),
      { kind: 'fixed', path: 'head', plan: planHead(shape, 3).plan, inShape: shape },
    ],
  };
}

/** Three classes of 8×8 images: bright top, bright bottom, dark; deterministic per epoch. */
function batches(count: number, offset: number) {
  return (epoch: number): Batch[] => {
    const out: Batch[] = [];
    for (let b = 0; b < count; b++) {
      const size = 6;
      const images = new Float32Array(size * 64);
      const labels = new Int32Array(size);
      for (let i = 0; i < size; i++) {
        const label = (b + i + epoch + offset) % 3;
        labels[i] = label;
        for (let p = 0; p < 64; p++) images[i * 64 + p] = (label === 0 && p < 32) || (label === 1 && p >= 32) ? 1 : ((p * 7 + i) % 5) / 10;
      }
      out.push({ images, labels, size });
    }
    return out;
  };
}

const costs = tf.tensor2d([[1000, 3000, 10], [1000, 3000, 10]]);
const expectedCost = (p: tf.Tensor2D) => tf.tidy(() => tf.add(tf.sum(tf.mul(p, costs)), 500) as tf.Scalar);
const folders: string[] = [];
const folder = () => {
  const f = mkdtempSync(join(tmpdir(), 'fbnas-search-'));
  folders.push(f);
  return f;
};

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('runSearch', () => {
  const config = defaultSearchConfig({ epochs: 4, warmupEpochs: 1, batchSize: 6, seed: 3, weightLearningRate: 0.05, architectureLearningRate: 0.1 });
  const common = {
    layout: tinyLayout(), config, weightBatches: batches(4, 0), architectureBatches: batches(2, 1),
    shape: SHAPE, classes: 3, expectedCost,
  };

  it('trains, logs each epoch with flat tensor counts, and resumes an interrupted run to the same θ', async () => {
    const straight = await runSearch({ ...common, runFolder: folder() });
    expect(straight.logs).toHaveLength(4);
    // Adam allocates θ's moments on the first θ step (epoch 1); from then on the count must stay flat.
    expect(new Set(straight.logs.slice(config.warmupEpochs).map((l) => l.numTensors)).size).toBe(1);
    expect(straight.logs[0]!.architectureLoss).toBeNull();
    expect(straight.logs[3]!.architectureLoss).toBeGreaterThan(0);

    const interrupted = folder();
    const partial = await runSearch({ ...common, runFolder: interrupted, stopAfterEpoch: 2 });
    expect(partial.epochsCompleted).toBe(2);
    const resumed = await runSearch({ ...common, runFolder: interrupted });
    expect(resumed.theta).toEqual(straight.theta);
    expect(resumed.logs.map((l) => l.weightLoss)).toEqual(straight.logs.map((l) => l.weightLoss));
    const lines = readFileSync(join(interrupted, 'log.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
  });

  it('moves θ toward cheap candidates under a strong latency term', async () => {
    const result = await runSearch({ ...common, runFolder: folder(), config: { ...config, loss: { kind: 'additive', lambda: 5, reference: 1000 } } });
    for (const id of result.layerIds) {
      expect(result.probabilities[id]!.skip!).toBeGreaterThan(0.4);
      expect(result.probabilities[id]!.ir_k5!).toBeLessThan(0.3);
    }
  });

  it('refuses to resume a folder with a different config', async () => {
    const runFolder = folder();
    await runSearch({ ...common, runFolder, stopAfterEpoch: 1 });
    await expect(runSearch({ ...common, runFolder, config: { ...config, seed: 4 } })).rejects.toThrow(/different search config/);
  });
});
