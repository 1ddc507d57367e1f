/**
 * FBNetV3's recipe dimensions in `trainArchitecture` (issue #12): optimizer, mixup, dropout, stochastic depth and
 * EMA each change training as defined, leak no tensors, and resume exactly.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { ArchDefinition } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { buildModel, FbnasDropout } from '@fbnas/ops';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halvesBatches, temporaryFolders } from './__fixtures__/tiny-search';
import type { Batch } from './batch';
import { defaultTrainConfig, trainArchitecture, type TrainArchitectureConfig, type TrainArchitectureOptions } from './train-architecture';

const { folder, removeAll } = temporaryFolders('fbnas-train-recipe-');
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(removeAll);

/** Stem, two residual IR copies, a strided IR: residual branches for stochastic depth. */
const architecture = {
  format: 'fbnas.arch/v1', name: 'tiny_recipe', inputSize: 8, inputChannels: 1, numClasses: 2,
  stages: [[['conv_k3', 8, 2, 1]], [['ir_k3', 8, 1, 2, { expansion: 2 }]], [['ir_k3', 16, 2, 1, { expansion: 2 }]]],
} as unknown as ArchDefinition;

const batches = (epoch: number): Batch[] => halvesBatches(epoch, 3);

const options = (config: Partial<TrainArchitectureConfig>, runFolder?: string): TrainArchitectureOptions => ({
  architecture,
  config: defaultTrainConfig({ epochs: 3, learningRate: 0.05, seed: 4, ...config }),
  trainBatches: batches,
  evaluationBatches: () => batches(9),
  shape: [8, 8, 1],
  classes: 2,
  ...(runFolder === undefined ? {} : { runFolder }),
});

async function weightsAfter(config: Partial<TrainArchitectureConfig>, runFolder?: string, stopAfterEpoch?: number): Promise<number[][]> {
  const { model } = await trainArchitecture({ ...options(config, runFolder), ...(stopAfterEpoch === undefined ? {} : { stopAfterEpoch }) });
  const values = model.weights.map((w) => Array.from(w.read().dataSync()));
  model.dispose();
  return values;
}

const RECIPES: [string, Partial<TrainArchitectureConfig>][] = [
  ['rmsprop', { optimizer: 'rmsprop', learningRate: 0.01 }],
  ['adam', { optimizer: 'adam', learningRate: 0.003 }],
  ['mixup', { mixup: 0.4 }],
  ['dropout', { dropout: 0.3 }],
  ['stochastic depth', { stochasticDepth: 0.3 }],
  ['ema', { ema: 0.9 }],
  ['all together', { optimizer: 'rmsprop', learningRate: 0.01, mixup: 0.2, dropout: 0.2, stochasticDepth: 0.2, ema: 0.95 }],
];

describe('trainArchitecture recipe options', () => {
  const plain = weightsAfter({});

  it.each(RECIPES)('%s: changes the result, is deterministic, leaks nothing, and a killed run resumes to the same weights', async (_name, recipe) => {
    const before = tf.memory().numTensors;
    const straight = await weightsAfter(recipe);
    expect(tf.memory().numTensors).toBe(before);
    expect(straight.flat().every(Number.isFinite)).toBe(true);
    expect(straight).not.toEqual(await plain);
    expect(await weightsAfter(recipe)).toEqual(straight);
    const runFolder = folder();
    await weightsAfter(recipe, runFolder, 2);
    expect(await weightsAfter(recipe, runFolder)).toEqual(straight);
  });

  it('ema: the saved model holds d·ema + (1 − d)·w with the warm-up d = min(decay, (1 + t)/(10 + t)) (one step: d = 0.1)', async () => {
    const decay = 0.1; // min(0.75, 1/10): the first update's warm-up decay
    const oneStep = (b: number): Batch[] => batches(b).slice(0, 1);
    const initial = buildModel(architecture, { seed: 4 });
    const start = initial.weights.map((w) => Array.from(w.read().dataSync()));
    initial.dispose();
    const config = defaultTrainConfig({ epochs: 1, learningRate: 0.05, seed: 4 });
    const trained = await trainArchitecture({ ...options({}), config, trainBatches: oneStep, evaluationBatches: undefined });
    const afterStep = trained.model.weights.map((w) => Array.from(w.read().dataSync()));
    trained.model.dispose();
    const averaged = await trainArchitecture({ ...options({}), config: { ...config, ema: 0.75 }, trainBatches: oneStep, evaluationBatches: undefined });
    averaged.model.weights.forEach((w, i) => {
      const expected = start[i]!.map((v, j) => decay * v + (1 - decay) * afterStep[i]![j]!);
      const got = Array.from(w.read().dataSync());
      got.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 5));
    });
    averaged.model.dispose();
  });

  it('dropout and stochastic depth build their layers (identity at inference) and refuse a head that is not the classifier', async () => {
    const { model } = await trainArchitecture({ ...options({ dropout: 0.3, stochasticDepth: 0.2 }), config: defaultTrainConfig({ epochs: 1, seed: 4, dropout: 0.3, stochasticDepth: 0.2 }) });
    const names = model.layers.filter((l) => l instanceof FbnasDropout).map((l) => l.name);
    expect(names.map((name) => name.replace(/\d+$/, ''))).toEqual(['backbone.stages.xif1_0.drop_path', 'backbone.stages.xif1_1.drop_path', 'head.dropout']);
    model.dispose();
    const other = { ...architecture, head: { op: 'my_head' } } as unknown as ArchDefinition;
    await expect(trainArchitecture({ ...options({ dropout: 0.3 }), architecture: other })).rejects.toThrow("train.dropout: the architecture's head 'my_head' takes no dropout");
  });

  it('validates the recipe fields, naming them', async () => {
    for (const [config, message] of [
      [{ optimizer: 'lamb' }, 'train.optimizer: expected "sgd", "rmsprop" or "adam", got "lamb"'],
      [{ mixup: -1 }, 'train.mixup: expected a finite number ≥ 0, got -1'],
      [{ dropout: 1 }, 'train.dropout: expected a number in [0, 1), got 1'],
      [{ stochasticDepth: 2 }, 'train.stochasticDepth: expected a number in [0, 1), got 2'],
      [{ ema: 1 }, 'train.ema: expected a number in [0, 1), got 1'],
    ] as const) {
      await expect(trainArchitecture(options(config as Partial<TrainArchitectureConfig>))).rejects.toThrow(message);
    }
  });
});
