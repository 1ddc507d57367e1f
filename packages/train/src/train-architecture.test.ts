import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ArchDefinition } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsWithDsep } from './__fixtures__/dsep-op';
import { halvesBatches, temporaryFolders } from './__fixtures__/tiny-search';
import type { Batch } from './batch';
import { NonFiniteLossError, RunFinishedError, RunMismatchError } from './run-errors';
import { readJsonLines } from './run-files';
import { acquireRunLock, RunLockedError } from './run-lock';
import { defaultTrainConfig, trainArchitecture, type TrainArchitectureOptions } from './train-architecture';

const { folder, removeAll } = temporaryFolders('fbnas-train-run-');
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(removeAll);

const architecture = {
  format: 'fbnas.arch/v1', name: 'tiny', inputSize: 8, inputChannels: 1, numClasses: 2,
  stages: [[['conv_k3', 8, 2, 1]], [['ir_k3', 8, 1, 1, { expansion: 2 }]]],
} as unknown as ArchDefinition;

const batches = (epoch: number): Batch[] => halvesBatches(epoch, 4);

const base = (runFolder: string): TrainArchitectureOptions => ({
  architecture, config: defaultTrainConfig({ epochs: 4, learningRate: 0.1, seed: 0 }), trainBatches: batches, shape: [8, 8, 1], classes: 2, runFolder,
  inputs: { data: { spec: 'embedded', trainImages: 32 } }, metadata: { version: '1.0.0' },
});

/** Trains (the options as given), returns every weight's values and disposes the model. */
async function weightsAfter(options: TrainArchitectureOptions): Promise<number[][]> {
  const { model } = await trainArchitecture(options);
  const values = model.weights.map((w) => Array.from(w.read().dataSync()));
  model.dispose();
  return values;
}

describe('trainArchitecture run folders', () => {
  it('seed 0: two runs are identical, and a killed run resumes from its last epoch to the same weights', async () => {
    const before = tf.memory().numTensors;
    const straight = await weightsAfter(base(folder()));
    expect(tf.memory().numTensors).toBe(before);
    expect(await weightsAfter(base(folder()))).toEqual(straight);

    const runFolder = folder();
    const partial = await trainArchitecture({ ...base(runFolder), stopAfterEpoch: 2 });
    partial.model.dispose();
    expect(partial.epochsCompleted).toBe(2);
    expect(existsSync(join(runFolder, 'checkpoint', 'tensors.bin'))).toBe(true);
    expect(existsSync(join(runFolder, 'model'))).toBe(false);
    const messages: string[] = [];
    const { model, logs } = await trainArchitecture({ ...base(runFolder), onMessage: (m) => messages.push(m) });
    expect(messages).toContain(`${runFolder}: resuming after epoch 2 of 4`);
    expect(logs.map((l) => l.epoch)).toEqual([0, 1, 2, 3]);
    expect(model.weights.map((w) => Array.from(w.read().dataSync()))).toEqual(straight);
    model.dispose();
    expect((await readJsonLines<{ epoch: number }>(join(runFolder, 'train-log.jsonl'))).records.map((r) => r.epoch)).toEqual([0, 1, 2, 3]);
    expect(existsSync(join(runFolder, 'model', 'model.json'))).toBe(true);
    expect(existsSync(join(runFolder, 'checkpoint'))).toBe(false);
    expect(JSON.parse(readFileSync(join(runFolder, 'config.json'), 'utf8'))).toMatchObject({ train: base(runFolder).config, architecture, inputs: base(runFolder).inputs, version: '1.0.0' });
    expect(existsSync(join(runFolder, '.lock'))).toBe(false);
  });

  it('refuses a finished folder unless force, which starts over', async () => {
    const runFolder = folder();
    (await trainArchitecture({ ...base(runFolder), config: defaultTrainConfig({ epochs: 1, seed: 0 }) })).model.dispose();
    const error = await trainArchitecture(base(runFolder)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFinishedError);
    expect((error as Error).message).toBe(
      `${runFolder} already holds a trained model (${join(runFolder, 'model', 'model.json')}); use --force to train again, or another --out`,
    );
    const { model, logs } = await trainArchitecture({ ...base(runFolder), config: defaultTrainConfig({ epochs: 2, seed: 0 }), force: true });
    model.dispose();
    expect(logs).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(runFolder, 'config.json'), 'utf8')).train.epochs).toBe(2);
  });

  it('refuses to resume with other inputs, naming the field; refuses a folder another process holds', async () => {
    const runFolder = folder();
    (await trainArchitecture({ ...base(runFolder), stopAfterEpoch: 1 })).model.dispose();
    const error = await trainArchitecture({ ...base(runFolder), inputs: { data: { spec: 'embedded', trainImages: 64 } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunMismatchError);
    expect(error).toMatchObject({ field: 'inputs.data.trainImages', saved: 32, given: 64 });
    await expect(trainArchitecture({ ...base(runFolder), config: defaultTrainConfig({ epochs: 4, learningRate: 0.2, seed: 0 }) }))
      .rejects.toMatchObject({ field: 'train.learningRate' });
    const lock = await acquireRunLock(runFolder);
    await expect(trainArchitecture(base(runFolder))).rejects.toBeInstanceOf(RunLockedError);
    const { model } = await trainArchitecture({ ...base(runFolder), lock });
    model.dispose();
    await lock.release();
  });

  it('a NaN loss stops before writing that epoch; once the cause is gone the folder resumes to the uninterrupted weights', async () => {
    const straight = await weightsAfter(base(folder()));
    const runFolder = folder();
    const poisoned = (epoch: number) => (epoch === 2 ? batches(epoch).map((b, i) => (i === 1 ? { ...b, images: b.images.map(() => Number.NaN) } : b)) : batches(epoch));
    const before = tf.memory().numTensors;
    const error = await trainArchitecture({ ...base(runFolder), trainBatches: poisoned }).catch((e: unknown) => e);
    expect(tf.memory().numTensors).toBe(before);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).toMatchObject({ epoch: 2, step: 1, phase: 'weights', lastGoodEpoch: 1 });
    expect((error as Error).message).toBe(
      `loss became NaN at epoch 3, step 2 (weights phase); ${runFolder} keeps the checkpoint of epoch 2, which resumes; ` +
        'lower the learning rate, or check the data for non-finite values',
    );
    expect((await readJsonLines(join(runFolder, 'train-log.jsonl'))).records).toHaveLength(2);
    expect(await weightsAfter(base(runFolder))).toEqual(straight);
  });

  it('validates the config before writing anything', async () => {
    const runFolder = folder();
    await expect(trainArchitecture({ ...base(runFolder), config: { ...defaultTrainConfig({ epochs: 2 }), epochs: 1.5 } }))
      .rejects.toThrow('train.epochs: expected a positive integer, got 1.5');
    expect(existsSync(join(runFolder, 'config.json'))).toBe(false);
  });
});

describe('trainArchitecture with contributed op specs (options.ops)', () => {
  const withDsep = {
    ...architecture, name: 'tiny-dsep', stages: [[['conv_k3', 8, 2, 1]], [['dsep_k5', 12, 1, 1]], [['dsep', 8, 2, 1, { kernel: 3 }]]],
  } as unknown as ArchDefinition;

  it('builds and trains the contributed op\'s layers, and saves them in the model', async () => {
    const runFolder = folder();
    const { model, logs } = await trainArchitecture({ ...base(runFolder), architecture: withDsep, ops: opsWithDsep(), config: defaultTrainConfig({ epochs: 2, learningRate: 0.1, seed: 0 }) });
    const names = model.weights.map((w) => w.originalName);
    const depthwise = model.weights.find((w) => w.originalName === 'backbone.stages.xif1_0.dw.conv/kernel')!;
    expect(depthwise.shape).toEqual([5, 5, 8, 1]);
    expect(names).toContain('backbone.stages.xif2_0.pwl.bn/gamma');
    model.dispose();
    expect(logs).toHaveLength(2);
    for (const log of logs) expect(Number.isFinite(log.loss)).toBe(true);
    expect(logs[1]!.loss).toBeLessThan(logs[0]!.loss);
    const saved = JSON.parse(readFileSync(join(runFolder, 'model', 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] };
    expect(saved.weightsManifest.flatMap((group) => group.weights.map((w) => w.name))).toContain('backbone.stages.xif1_0.dw.conv/kernel');
  });

  it('without them the architecture is refused before the folder holds anything, naming the op and the block', async () => {
    const runFolder = folder();
    await expect(trainArchitecture({ ...base(runFolder), architecture: withDsep })).rejects.toThrow(/stages\[1\]\[0\].*unknown op 'dsep_k5'/);
    expect(existsSync(join(runFolder, 'config.json'))).toBe(false);
  });
});
