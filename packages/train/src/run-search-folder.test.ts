import '@tensorflow/tfjs-backend-cpu';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { FormatError } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf, SHAPE, temporaryFolders, tinyBatches, tinyLayout } from './__fixtures__/tiny-search';
import type { Batch } from './batch';
import { loadNamedTensors } from './named-tensors-file';
import { NonFiniteCostError, NonFiniteLossError, RunMismatchError } from './run-errors';
import { readJsonLines } from './run-files';
import { acquireRunLock, RunLockedError } from './run-lock';
import { runSearch, type RunSearchOptions } from './run-search';
import { defaultSearchConfig } from './search-config';

const { folder, removeAll } = temporaryFolders('fbnas-search-folder-');
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(removeAll);

const config = defaultSearchConfig({ epochs: 4, warmupEpochs: 1, batchSize: 6, seed: 0, weightLearningRate: 0.05, architectureLearningRate: 0.1 });
const expectedCost = costOf([[1000, 3000, 10], [1000, 3000, 10]]);
const infiniteCost = costOf([[1e308, 3000, 10], [1000, 3000, 10]]);
const inputs = { data: { spec: 'embedded', trainImages: 24 }, lutHash: 'abc', cost: 'latency' };
const common = (): Omit<RunSearchOptions, 'runFolder'> => ({
  layout: tinyLayout(), config, weightBatches: tinyBatches(4, 0), architectureBatches: tinyBatches(2, 1),
  shape: SHAPE, classes: 3, expectedCost, inputs, metadata: { version: '1.0.0' },
});

describe('runSearch run folders', () => {
  it('records inputs and metadata in config.json, and refuses a resume with other inputs, naming the field', async () => {
    const runFolder = folder();
    await runSearch({ ...common(), runFolder, stopAfterEpoch: 1 });
    const saved = JSON.parse(readFileSync(join(runFolder, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ search: config, layout: 'tiny', inputs, version: '1.0.0' });
    // metadata is recorded only: a new version resumes.
    await runSearch({ ...common(), runFolder, stopAfterEpoch: 2, metadata: { version: '1.0.1' } });
    const changed = { ...inputs, data: { ...inputs.data, spec: 'fashion-mnist' } };
    const error = await runSearch({ ...common(), runFolder, inputs: changed }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunMismatchError);
    expect(error).toMatchObject({ field: 'inputs.data.spec', saved: 'embedded', given: 'fashion-mnist' });
    expect((error as Error).message).toBe(
      `${join(runFolder, 'config.json')}: this run folder was started with inputs.data.spec = "embedded"; now "fashion-mnist". ` +
        'Resume with the same inputs, or use a new --out',
    );
    const withoutData = { lutHash: inputs.lutHash, cost: inputs.cost };
    await expect(runSearch({ ...common(), runFolder, inputs: withoutData })).rejects.toMatchObject({ field: 'inputs.data', given: undefined });
    expect(existsSync(join(runFolder, '.lock'))).toBe(false);
  });

  it('takes the folder\'s lock: a held folder fails at once; a held lock can be passed in and stays the caller\'s', async () => {
    const runFolder = folder();
    const lock = await acquireRunLock(runFolder);
    const error = await runSearch({ ...common(), runFolder, stopAfterEpoch: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunLockedError);
    expect((error as Error).message).toMatch(new RegExp(`^${runFolder} is in use by fbnas process ${process.pid} since .+ \\(lock ${join(runFolder, '.lock')}\\); wait for it to finish or use another --out$`));
    expect(existsSync(join(runFolder, 'config.json'))).toBe(false);
    const result = await runSearch({ ...common(), runFolder, stopAfterEpoch: 1, lock });
    expect(result.epochsCompleted).toBe(1);
    expect(existsSync(lock.path)).toBe(true);
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
    await expect(runSearch({ ...common(), runFolder: folder(), lock })).rejects.toThrow(/options\.lock holds .+, not the run folder/);
  });

  it('a NaN loss in the θ phase stops before writing that epoch; the folder resumes from the last good epoch to the uninterrupted result', async () => {
    const straight = await runSearch({ ...common(), runFolder: folder() });
    const runFolder = folder();
    let current = -1;
    const poisoned = (epoch: number) => (sample: tf.Tensor2D) => (current === epoch ? tf.scalar(Number.NaN) : expectedCost(sample));
    const before = tf.memory().numTensors;
    const error = await runSearch({
      ...common(), runFolder, architectureCost: poisoned(2), onStep: (_phase, epoch) => (current = epoch),
    }).catch((e: unknown) => e);
    expect(tf.memory().numTensors).toBe(before);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).toMatchObject({ epoch: 2, step: 0, phase: 'architecture', lastGoodEpoch: 1, runFolder });
    expect((error as Error).message).toMatch(new RegExp(`^loss became NaN at epoch 3, step 1 \\(θ phase\\); ${runFolder} keeps the checkpoint of epoch 2, which resumes; .*--beta`));
    expect(existsSync(join(runFolder, '.lock'))).toBe(false);
    const { tensors, state } = await loadNamedTensors<{ epoch: number }>(join(runFolder, 'checkpoint'));
    tf.dispose(Object.values(tensors));
    expect(state.epoch).toBe(1);
    expect((await readJsonLines(join(runFolder, 'log.jsonl'))).records).toHaveLength(2);
    // The cause removed, the same folder resumes and ends where an uninterrupted run ends.
    const resumed = await runSearch({ ...common(), runFolder });
    expect(resumed.theta).toEqual(straight.theta);
  });

  it('a NaN loss in the weights phase names that phase; before any checkpoint the folder holds none', async () => {
    const nanImages = (epoch: number): Batch[] => tinyBatches(4, 0)(epoch).map((b) => ({ ...b, images: b.images.map(() => Number.NaN) }));
    const runFolder = folder();
    const error = await runSearch({ ...common(), runFolder, weightBatches: (epoch) => (epoch === 0 ? nanImages(epoch) : tinyBatches(4, 0)(epoch)) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ epoch: 0, step: 0, phase: 'weights', lastGoodEpoch: null });
    expect((error as Error).message).toContain(`loss became NaN at epoch 1, step 1 (weights phase); ${runFolder} holds no checkpoint yet`);
    expect(existsSync(join(runFolder, 'checkpoint'))).toBe(false);
  });

  it('rejects a non-finite expected cost (a LUT entry of 1e308 is Infinity in float32) before writing anything', async () => {
    const runFolder = folder();
    const error = await runSearch({ ...common(), runFolder, expectedCost: infiniteCost }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteCostError);
    expect((error as Error).message).toMatch(/^the expected cost of the initial architecture distribution is Infinity: .*\(--lut\)/);
    expect(readdirSync(runFolder)).toEqual([]);
  });

  it('validates the whole config before writing anything', async () => {
    const runFolder = folder();
    const error = await runSearch({ ...common(), runFolder, config: { ...config, batchSize: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toBe('search.batchSize: expected a positive integer, got 0');
    expect(existsSync(join(runFolder, 'config.json'))).toBe(false);
  });

  it('drops a torn last log line on resume, and says so', async () => {
    const runFolder = folder();
    await runSearch({ ...common(), runFolder, stopAfterEpoch: 2 });
    appendFileSync(join(runFolder, 'log.jsonl'), '{"epoch":2,"temperature":4.');
    const messages: string[] = [];
    await runSearch({ ...common(), runFolder, onMessage: (m) => messages.push(m) });
    expect(messages.join('\n')).toContain('dropped a torn last line');
    const log = await readJsonLines<{ epoch: number }>(join(runFolder, 'log.jsonl'));
    expect(log.tornLastLine).toBe(false);
    expect(log.records.map((r) => r.epoch)).toEqual([0, 1, 2, 3]);
  });
});
