import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf, SHAPE, temporaryFolders, tinyBatches, tinyLayout } from './__fixtures__/tiny-search';
import { RunMismatchError } from './run-errors';
import { runSearch } from './run-search';
import { defaultSearchConfig } from './search-config';

const expectedCost = costOf([[1000, 3000, 10], [1000, 3000, 10]]);
const { folder, removeAll } = temporaryFolders('fbnas-search-');

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(removeAll);

const checkpointBytes = (runFolder: string) => readFileSync(join(runFolder, 'checkpoint', 'tensors.bin'));

describe('runSearch', () => {
  const config = defaultSearchConfig({ epochs: 4, warmupEpochs: 1, batchSize: 6, seed: 3, weightLearningRate: 0.05, architectureLearningRate: 0.1 });
  const common = {
    layout: tinyLayout(), config, weightBatches: tinyBatches(4, 0), architectureBatches: tinyBatches(2, 1),
    shape: SHAPE, classes: 3, expectedCost,
  };

  it('trains, logs each epoch with flat tensor counts, and resumes an interrupted run to the same θ', async () => {
    const before = tf.memory().numTensors;
    const straight = await runSearch({ ...common, runFolder: folder() });
    // Everything a run allocates (θ included) is disposed when it returns.
    expect(tf.memory().numTensors).toBe(before);
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

  it('seed 0 (the default) is reproducible: two runs, and a killed and resumed one, end with the same θ and weights', async () => {
    const zero = { ...common, config: { ...config, seed: 0 } };
    const first = folder();
    const second = folder();
    const resumedFolder = folder();
    const a = await runSearch({ ...zero, runFolder: first });
    const b = await runSearch({ ...zero, runFolder: second });
    expect(b.theta).toEqual(a.theta);
    expect(checkpointBytes(second).equals(checkpointBytes(first))).toBe(true);
    await runSearch({ ...zero, runFolder: resumedFolder, stopAfterEpoch: 2 });
    const resumed = await runSearch({ ...zero, runFolder: resumedFolder });
    expect(resumed.theta).toEqual(a.theta);
    expect(checkpointBytes(resumedFolder).equals(checkpointBytes(first))).toBe(true);
  });

  it('moves θ toward cheap candidates under a strong latency term', async () => {
    const result = await runSearch({ ...common, runFolder: folder(), config: { ...config, loss: { kind: 'additive', lambda: 5, reference: 1000 } } });
    for (const id of result.layerIds) {
      expect(result.probabilities[id]!.skip!).toBeGreaterThan(0.4);
      expect(result.probabilities[id]!.ir_k5!).toBeLessThan(0.3);
    }
  });

  it('per-example Gumbel samples: runs, moves θ toward cheap candidates with a flat tensor count, and reproduces', async () => {
    const perExample = { ...config, gumbelSamples: 'example' as const, loss: { kind: 'additive' as const, lambda: 5, reference: 1000 } };
    const before = tf.memory().numTensors;
    const a = await runSearch({ ...common, runFolder: folder(), config: perExample });
    expect(tf.memory().numTensors).toBe(before);
    expect(new Set(a.logs.slice(config.warmupEpochs).map((l) => l.numTensors)).size).toBe(1);
    for (const id of a.layerIds) expect(a.probabilities[id]!.skip!).toBeGreaterThan(0.4);
    const b = await runSearch({ ...common, runFolder: folder(), config: perExample });
    expect(b.theta).toEqual(a.theta);
    // …and differs from one sample per batch (the default) with everything else equal.
    const shared = await runSearch({ ...common, runFolder: folder(), config: { ...perExample, gumbelSamples: 'batch' } });
    expect(shared.theta).not.toEqual(a.theta);
  });

  it('refuses per-example samples for a supernet that takes one mask per batch, and an unknown value, naming the field', async () => {
    const { createMaskedSupernet } = await import('./masked-supernet');
    const { loadMaskSpace } = await import('@fbnas/search-space');
    const before = tf.memory().numTensors;
    await expect(runSearch({
      ...common, runFolder: folder(), config: { ...config, gumbelSamples: 'example' },
      buildSupernet: (seed) => createMaskedSupernet(loadMaskSpace('fbnetv2-micro-28'), seed),
    })).rejects.toThrow(/search\.gumbelSamples: expected "batch"/);
    expect(tf.memory().numTensors).toBe(before);
    await expect(runSearch({ ...common, runFolder: folder(), config: { ...config, gumbelSamples: 'layer' as 'batch' } }))
      .rejects.toThrow('search.gumbelSamples: expected "batch" or "example", got "layer"');
  });

  it('θ steps at their own temperature: the weights of the warm-up are untouched, θ differs, a τ equal to the weights\' matches the default; a bad one names the field', async () => {
    const paper = await runSearch({ ...common, runFolder: folder() });
    const same = await runSearch({ ...common, runFolder: folder(), config: { ...config, architectureTemperature: config.temperature } });
    expect(same.theta).toEqual(paper.theta);
    const sharp = await runSearch({ ...common, runFolder: folder(), config: { ...config, architectureTemperature: { kind: 'constant', value: 0.5 } } });
    expect(sharp.logs[0]!.weightLoss).toBe(paper.logs[0]!.weightLoss);
    expect(sharp.logs.map((l) => l.temperature)).toEqual(paper.logs.map((l) => l.temperature));
    expect(sharp.theta).not.toEqual(paper.theta);
    await expect(runSearch({ ...common, runFolder: folder(), config: { ...config, architectureTemperature: { kind: 'constant', value: -1 } } }))
      .rejects.toThrow(/^search\.architectureTemperature: /);
  });

  it('refuses to resume a folder with a different config, naming the field', async () => {
    const runFolder = folder();
    await runSearch({ ...common, runFolder, stopAfterEpoch: 1 });
    const error = await runSearch({ ...common, runFolder, config: { ...config, seed: 4 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunMismatchError);
    expect((error as RunMismatchError).field).toBe('search.seed');
    expect((error as Error).message).toBe(
      `${join(runFolder, 'config.json')}: this run folder was started with search.seed = 3; now 4. Resume with the same inputs, or use a new --out`,
    );
  });
});
