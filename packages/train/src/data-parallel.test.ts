import '@tensorflow/tfjs-backend-cpu';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolders } from './__fixtures__/tiny-search';
import { loadNamedTensors } from './named-tensors-file';
import { runDataParallelThreads } from './data-parallel-threads';

// Worker threads load built code: the fixture imports `dist/` (nx builds it before these tests), and its threads
// drop vitest's Node options (whose `@fbnas/source` condition would resolve packages to TypeScript sources).
const workerModule = fileURLToPath(new URL('./__fixtures__/data-parallel-thread.mjs', import.meta.url));
const { folder, removeAll } = temporaryFolders('fbnas-data-parallel-');

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});
afterAll(removeAll);

describe('data-parallel groups of worker threads', () => {
  it('sum gives every worker the elementwise sum over the group, float32 or float64, also for arrays longer than a slot', async () => {
    for (const length of [1, 10]) {
      // Slots of 4 floats (2 float64s): 10 values go in three rounds (five in float64). Rank 0's result comes back
      // as the job's, with what every rank got (gathered through one more sum).
      const result = await runDataParallelThreads<{ rank: number; sums: number[][]; wide: number[]; wideType: string; everyRank: number[] }>({
        size: 3, workerModule, execArgv: [], slotFloats: 4, input: { job: 'sum', length },
      });
      const expected = Array.from({ length }, (_, i) => (1 + 2 + 3) * (i + 1));
      expect(result.rank).toBe(0);
      expect(result.sums[0]).toEqual(expected);
      expect(result.sums[1]).toEqual(expected.map((v) => -v));
      expect(result.wideType).toBe('Float64Array');
      result.wide.forEach((v, i) => expect(Math.abs(v - (expected[i]! + 6e-9))).toBeLessThan(1e-13));
      expect(result.everyRank).toEqual([...expected, ...expected, ...expected]);
    }
  });

  it('a failing worker stops the group: the others are woken from their wait and the job rejects with its error', async () => {
    const started = Date.now();
    await expect(runDataParallelThreads({ size: 3, workerModule, execArgv: [], input: { job: 'fail', failRank: 1 } }))
      .rejects.toMatchObject({ name: 'RangeError', message: 'rank 1 failed on purpose', rank: 1 });
    // Nobody waited for the default timeout (minutes): the abort woke them.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('runSearch on a data-parallel group', () => {
  for (const gumbelSamples of ['batch', 'example'] as const) {
    it(`2 workers end with the θ, losses and supernet weights of 1 worker at the same batch size (to 1e-5; Gumbel samples per ${gumbelSamples})`, async () => {
      const runs = await Promise.all([1, 2].map(async (size) => {
        const runFolder = folder();
        const result = await runDataParallelThreads<{ theta: number[][]; weightLosses: number[] }>({
          size, workerModule, execArgv: [], input: { job: 'search', backend: 'wasm', runFolder, gumbelSamples },
        });
        return { ...result, runFolder };
      }));
      const [one, two] = runs as [typeof runs[0], typeof runs[0]];
      expect(two.theta.flat().length).toBe(6);
      two.theta.flat().forEach((v, i) => expect(Math.abs(v - one.theta.flat()[i]!)).toBeLessThanOrEqual(1e-5));
      // θ moved (the comparison is not of two untouched initial values).
      expect(Math.max(...one.theta.flat().map(Math.abs))).toBeGreaterThan(1e-3);
      two.weightLosses.forEach((v, i) => expect(v).toBeCloseTo(one.weightLosses[i]!, 5));
      const [a, b] = await Promise.all([one, two].map((run) => loadNamedTensors(join(run.runFolder, 'checkpoint'))));
      expect(Object.keys(b!.tensors).sort()).toEqual(Object.keys(a!.tensors).sort());
      let worst = 0;
      for (const [name, tensor] of Object.entries(a!.tensors)) {
        worst = Math.max(worst, tf.max(tf.abs(tf.sub(tensor, b!.tensors[name]!))).dataSync()[0]!);
      }
      expect(worst).toBeLessThanOrEqual(1e-5);
      tf.dispose([...Object.values(a!.tensors), ...Object.values(b!.tensors)]);
    });
  }
});
