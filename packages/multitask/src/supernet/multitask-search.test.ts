import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { loadNamedTensors } from '@fbnas/train';
import { loadEmbeddedFashionMnist, multitaskCanvas, type MultitaskDataset } from '@fbnas/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MULTITASK_TASKS, multitaskLayout, taskMacs } from '../multitask-layout';
import { parseTaskArchitecture } from '../task-architecture';
import { defaultMultitaskSearchConfig, policySplitIndices, runMultitaskSearch, type MultitaskSearchConfig } from './multitask-search';
import { createMultitaskSupernet } from './multitask-supernet';

/** A supernet of the same layout, only to list its variables (disposed right away by the caller's process end). */
const createMultitaskSupernetForCount = () => {
  const net = createMultitaskSupernet(layout, 0);
  const named = net.namedVariables();
  const names = new Map([...named.keys()].map((k) => [k, null]));
  net.dispose();
  return { namedVariables: () => names };
};

const root = mkdtempSync(join(tmpdir(), 'fbnas-multitask-search-'));
let data: MultitaskDataset;
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  const { train } = await loadEmbeddedFashionMnist();
  data = multitaskCanvas({ ...train, count: 48, images: train.images.subarray(0, 48 * 784), labels: train.labels.subarray(0, 48) }, { seed: 0 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Revision 1: its stage-3 blocks reach some heads only, so the policies' reach can be checked. */
const layout = multitaskLayout({ revision: 1 });
const none = layout.skippable.map(() => 0 as const);
/** Budgets at each task's smallest network: the cost term asks every task to skip what reaches its head. */
const config = (overrides: Partial<MultitaskSearchConfig> = {}) => defaultMultitaskSearchConfig({
  tasks: MULTITASK_TASKS.map((task) => ({ task, weight: 1, targetMacs: taskMacs(layout, task, none) })),
  epochs: 8, warmupEpochs: 1, batchSize: 16, seed: 7, costWeight: 5, policyLearningRate: 0.3, ...overrides,
});

describe('runMultitaskSearch', () => {
  it('moves each task\'s policy where its own cost asks, only on blocks that reach its head; no tensor leak', async () => {
    const counts: number[] = [];
    const result = await runMultitaskSearch({ layout, data, config: config(), runFolder: join(root, 'costly'), onStep: () => counts.push(tf.memory().numTensors) });
    expect(result.epochsCompleted).toBe(8);
    const keepOf = (task: string) => result.tasks.find((t) => t.task === task)!.keep;
    const reaching = (task: (typeof MULTITASK_TASKS)[number]) => layout.skippable.flatMap((b, i) => (b.tasks.includes(task) ? [i] : []));
    for (const task of MULTITASK_TASKS) {
      const keep = keepOf(task);
      const meanReaching = reaching(task).reduce((s, i) => s + keep[i]!, 0) / reaching(task).length;
      expect(meanReaching, task).toBeLessThan(0.45);
    }
    // The segmentation policy never sees a cost for s3.p8.* (they do not reach its head): they stay near 0.5, unlike
    // the classification policy's.
    const coarse = layout.skippable.flatMap((b, i) => (b.id.startsWith('s3.p8') ? [i] : []));
    const meanOf = (keep: number[]) => coarse.reduce((s, i) => s + keep[i]!, 0) / coarse.length;
    expect(meanOf(keepOf('classification'))).toBeLessThan(meanOf(keepOf('segmentation')) - 0.05);
    // No leak: after the first steps, tensors only grow by momentum buffers of weights seen for the first time (a
    // skippable block's, when first kept), at most one per such weight.
    const lateWeights = [...createMultitaskSupernetForCount().namedVariables().keys()]
      .filter((name) => layout.skippable.some((b) => name.startsWith(`${b.id}|`)) && !/moving/.test(name)).length;
    expect(Math.max(...counts) - counts[3]!).toBeLessThanOrEqual(lateWeights);
    expect(counts.at(-1)).toBe(Math.max(...counts));
    for (const task of MULTITASK_TASKS) {
      const arch = parseTaskArchitecture(JSON.parse(readFileSync(join(root, 'costly', `${task}.arch.json`), 'utf8')), task);
      expect(arch.macs).toBe(result.tasks.find((t) => t.task === task)!.macs);
    }
    const lines = readFileSync(join(root, 'costly', 'log.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(8);
  });

  it('uniformMix 1 trains the weights exactly as Bernoulli(0.5) throughout, while the policies still learn', async () => {
    const settings = config();
    const uniform = await runMultitaskSearch({ layout, data, config: { ...settings, uniformMix: 1 }, runFolder: join(root, 'uniform') });
    // A run that only warms up draws every architecture from Bernoulli(0.5), with the same seeded stream.
    await runMultitaskSearch({ layout, data, config: { ...settings, warmupEpochs: settings.epochs }, runFolder: join(root, 'warm-only') });
    const mixed = await runMultitaskSearch({ layout, data, config: { ...settings, uniformMix: 0 }, runFolder: join(root, 'mixed') });
    const weights = async (folder: string) => {
      const { tensors } = await loadNamedTensors(join(root, folder, 'checkpoint'));
      // Weights, BN statistics and momentum buffers.
      const values = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, [...t.dataSync()]]));
      tf.dispose(Object.values(tensors));
      return values;
    };
    const [u, w, m] = [await weights('uniform'), await weights('warm-only'), await weights('mixed')];
    expect(Object.keys(u).length).toBeGreaterThan(10);
    expect(u).toEqual(w);
    // The policies' own proposal (uniformMix 0) trains other architectures: other weights.
    expect(m).not.toEqual(u);
    // The policies learned from the importance-weighted samples (too few steps here to ask in which direction).
    for (const t of uniform.tasks) expect(Math.max(...t.keep.map((p) => Math.abs(p - 0.5))), t.task).toBeGreaterThan(0.1);
    // Recorded at every value, 0 included.
    expect(JSON.parse(readFileSync(join(root, 'uniform', 'config.json'), 'utf8')).multitaskSearch.uniformMix).toBe(1);
    const mixedConfig = join(root, 'mixed', 'config.json');
    const saved = JSON.parse(readFileSync(mixedConfig, 'utf8'));
    expect(saved.multitaskSearch.uniformMix).toBe(0);
    // A folder written before `uniformMix` existed (no such field) resumes under 0 and is refused under any other value.
    delete saved.multitaskSearch.uniformMix;
    writeFileSync(mixedConfig, JSON.stringify(saved));
    const resumed = await runMultitaskSearch({ layout, data, config: { ...settings, uniformMix: 0 }, runFolder: join(root, 'mixed') });
    expect(resumed.tasks.map((t) => t.keep)).toEqual(mixed.tasks.map((t) => t.keep));
    // Under today's default (0.5) it is refused, naming the field.
    expect(settings.uniformMix).toBe(0.5);
    await expect(runMultitaskSearch({ layout, data, config: settings, runFolder: join(root, 'mixed') }))
      .rejects.toThrow('multitaskSearch.uniformMix = 0; now 0.5');
  });

  it('policySplit: the weights train on their part only, the held-out part scores the policies and changes no weight', async () => {
    const settings = config({ epochs: 3, batchSize: 8, policySplit: 0.5, uniformMix: 1 });
    const { weights: part, policies: heldOut } = policySplitIndices(data, settings);
    // Disjoint, covering, stratified (each class split in half, up to one image), in the dataset's order.
    expect([...part, ...heldOut].sort((a, b) => a - b)).toEqual([...Array(data.count).keys()]);
    expect(heldOut.length).toBe(24);
    expect([...part]).toEqual([...part].sort((a, b) => a - b));
    for (let c = 0; c < data.classes; c++) {
      const inClass = (ix: Uint32Array) => [...ix].filter((i) => data.labels[i] === c).length;
      expect(Math.abs(inClass(part) - inClass(heldOut)), `class ${c}`).toBeLessThanOrEqual(1);
    }
    const counts: number[] = [];
    const split = await runMultitaskSearch({ layout, data, config: settings, runFolder: join(root, 'split'), onStep: () => counts.push(tf.memory().numTensors) });
    // The same weights as a warm-up-only run (Bernoulli(0.5), as uniformMix 1 proposes) on the weights' part alone.
    const pixels = data.height * data.width;
    const only: MultitaskDataset = {
      ...data, name: `${data.name}:part`, count: part.length,
      images: Uint8Array.from([...part].flatMap((i) => [...data.images.subarray(i * pixels, (i + 1) * pixels)])),
      labels: Uint8Array.from([...part].map((i) => data.labels[i]!)),
      masks: Uint8Array.from([...part].flatMap((i) => [...data.masks.subarray(i * pixels, (i + 1) * pixels)])),
      boxes: Float32Array.from([...part].flatMap((i) => [...data.boxes.subarray(i * 4, i * 4 + 4)])),
    };
    await runMultitaskSearch({ layout, data: only, config: { ...settings, policySplit: 0, warmupEpochs: settings.epochs }, runFolder: join(root, 'part-only') });
    const values = async (folder: string) => {
      const { tensors } = await loadNamedTensors(join(root, folder, 'checkpoint'));
      const named = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, [...t.dataSync()]]));
      tf.dispose(Object.values(tensors));
      return named;
    };
    // Weights, momentum buffers and BN running statistics: scoring in training mode left them as they were.
    const [a, b] = [await values('split'), await values('part-only')];
    expect(Object.keys(a).some((name) => /moving_mean/.test(name))).toBe(true);
    expect(a).toEqual(b);
    // The policies learned, from held-out losses logged after the warm-up only.
    for (const t of split.tasks) expect(Math.max(...t.keep.map((p) => Math.abs(p - 0.5))), t.task).toBeGreaterThan(0.02);
    expect(split.logs[0]!.heldOutLosses).toBeUndefined();
    for (const log of split.logs.slice(1)) for (const task of MULTITASK_TASKS) expect(log.heldOutLosses![task]).toBeGreaterThan(0);
    expect(counts.at(-1)).toBe(Math.max(...counts));
    // Stopped and resumed, it ends as the whole run.
    await runMultitaskSearch({ layout, data, config: settings, runFolder: join(root, 'split-parts'), stopAfterEpoch: 2 });
    const resumed = await runMultitaskSearch({ layout, data, config: settings, runFolder: join(root, 'split-parts') });
    expect(resumed.tasks.map((t) => t.keep)).toEqual(split.tasks.map((t) => t.keep));
    expect(() => policySplitIndices(data, { policySplit: 1, seed: 0 })).toThrow('config.policySplit: expected a number in [0, 1), got 1');
  });

  it('resumes: stopped after epoch 2 and run again, it ends with the uninterrupted run\'s policies', async () => {
    const settings = config({ epochs: 3, costWeight: 1 });
    const whole = await runMultitaskSearch({ layout, data, config: settings, runFolder: join(root, 'whole') });
    const first = await runMultitaskSearch({ layout, data, config: settings, runFolder: join(root, 'parts'), stopAfterEpoch: 2 });
    expect(first.epochsCompleted).toBe(2);
    // As if killed after logging epoch 3 but before its checkpoint: that line goes, and the epoch runs again.
    const logFile = join(root, 'parts', 'log.jsonl');
    appendFileSync(logFile, `${JSON.stringify({ ...first.logs[1], epoch: 2 })}\n`);
    const notices: string[] = [];
    const resumed = await runMultitaskSearch({ layout, data, config: settings, runFolder: join(root, 'parts'), onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([`${logFile}: dropped 1 line written after the last checkpoint`]);
    expect(resumed.tasks.map((t) => t.keep)).toEqual(whole.tasks.map((t) => t.keep));
    expect(resumed.logs.map((l) => l.losses)).toEqual(whole.logs.map((l) => l.losses));
    expect(readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).epoch)).toEqual([0, 1, 2]);
    expect(JSON.parse(readFileSync(join(root, 'parts', 'config.json'), 'utf8')).blocks[9]).toEqual({ id: 's3.p4.0', tasks: ['segmentation'], run: 's3.p4' });
    await expect(runMultitaskSearch({ layout, data, config: { ...settings, seed: 8 }, runFolder: join(root, 'parts') })).rejects.toThrow(/seed/);
  });
});
