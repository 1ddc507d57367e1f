import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadJointSpace, type SampledPair } from '@fbnas/nars';
import { loadNarsPredictor } from '@fbnas/nars/predictor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earlyStop, narsRunWorkflow, type NarsCandidate } from './nars-run-workflow';

const space = loadJointSpace('nars-micro-28');
const root = mkdtempSync(join(tmpdir(), 'fbnas-nars-run-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A stand-in trainer: a learning curve toward a final accuracy that grows with MACs and prefers lr ≈ 0.05. */
function curve(pair: SampledPair, epochs: number, id: number): { accuracies: number[] } {
  const final = 0.7 + 0.05 * Math.log(pair.macs / 1e6) - 0.03 * Math.abs(Math.log(pair.sample.recipe.learningRate / 0.05));
  return { accuracies: Array.from({ length: epochs }, (_, e) => final * (1 - Math.exp(-(e + 1) / 1.5)) + 0.002 * Math.sin(id * 7 + e)) };
}
const settings = { pool: 24, firstBatch: 6, iterations: 2, perIteration: 3, pretrainCount: 300, pretrainEpochs: 5, frozenEpochs: 10, unfrozenEpochs: 10, seed: 3 };

describe('narsRunWorkflow', () => {
  it('trains the first batch fully, fixes the early-stop epoch, then trains the predictor\'s picks to it; saves the predictor', async () => {
    const calls: number[] = [];
    const result = await narsRunWorkflow({ ...settings, paretoBudgets: 3, space, out: join(root, 'run'), train: async (pair, epochs, id) => { calls.push(id); return curve(pair, epochs, id); } });
    expect(result.candidates).toHaveLength(12);
    expect(new Set(result.candidates.map((c) => c.id)).size).toBe(12);
    expect(calls).toEqual(result.candidates.map((c) => c.id));
    for (const c of result.candidates.slice(0, 6)) expect(c.epochs).toBe(c.sample.recipe.epochs);
    for (const c of result.candidates.slice(6)) expect(c.epochs).toBeLessThanOrEqual(result.earlyStopEpoch);
    expect(result.correlations[result.earlyStopEpoch - 1]).toBeGreaterThanOrEqual(0.92);
    expect(result.best.id).toBeGreaterThanOrEqual(0);
    const predictor = await loadNarsPredictor(join(root, 'run', 'predictor'), space);
    expect(predictor.predictAccuracy([result.best.sample])[0]).toBeGreaterThan(0);
    predictor.dispose();
    expect(existsSync(join(root, 'run', 'result.json'))).toBe(true);
    // Each pick records the accuracy the predictor gave it before it was trained; the first batch has none.
    for (const c of result.candidates.slice(0, 6)) expect(c.predicted).toBeUndefined();
    for (const c of result.candidates.slice(6)) expect(Number.isFinite(c.predicted)).toBe(true);
    // The evolved Pareto set: one pair per budget, each within it, from the final predictor; the front non-dominated.
    const evolved = JSON.parse(readFileSync(join(root, 'run', 'evolved.json'), 'utf8')) as { pairs: typeof result.evolved };
    expect(evolved.pairs).toEqual(result.evolved);
    expect(result.evolved).toHaveLength(3);
    const saved = await loadNarsPredictor(join(root, 'run', 'predictor'), space);
    for (const pair of result.evolved) {
      expect(pair.macs).toBeLessThanOrEqual(pair.maxMacs);
      expect(saved.predictAccuracy([pair.sample])[0]).toBeCloseTo(pair.predicted, 5);
    }
    saved.dispose();
    const front = result.evolved.filter((p) => p.onFront);
    expect(front.length).toBeGreaterThanOrEqual(1);
    for (const p of result.evolved.filter((q) => !q.onFront)) expect(front.some((f) => f.macs <= p.macs && f.predicted >= p.predicted)).toBe(true);
  });

  it('hands a whole batch to the trainer at once (a pool trains it in parallel)', async () => {
    let running = 0;
    let most = 0;
    const result = await narsRunWorkflow({
      ...settings, paretoBudgets: 0, space, out: join(root, 'parallel'),
      train: async (pair, epochs, id) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return curve(pair, epochs, id);
      },
    });
    expect(most).toBe(6);
    expect(result.candidates.slice(0, 6).map((c) => c.id)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a killed run, re-run on its folder, trains no finished candidate twice and ends as an uninterrupted one', async () => {
    const straight = await narsRunWorkflow({ ...settings, paretoBudgets: 0, space, out: join(root, 'straight'), train: async (p, e, id) => curve(p, e, id) });
    let trained = 0;
    const dying = narsRunWorkflow({
      ...settings, paretoBudgets: 0, space, out: join(root, 'killed'),
      train: async (p, e, id) => {
        if (++trained === 8) throw new Error('killed');
        return curve(p, e, id);
      },
    });
    await expect(dying).rejects.toThrow('killed');
    const again: number[] = [];
    const resumed = await narsRunWorkflow({ ...settings, paretoBudgets: 0, space, out: join(root, 'killed'), train: async (p, e, id) => { again.push(id); return curve(p, e, id); } });
    // The 8th call (the second of iteration 1's three picks) failed; the other two of its batch finished and were logged.
    expect(again).toEqual([straight.candidates[7]!, ...straight.candidates.slice(9)].map((c) => c.id));
    expect(resumed.candidates.map((c) => [c.id, c.epochs, c.predicted])).toEqual(straight.candidates.map((c) => [c.id, c.epochs, c.predicted]));
    await expect(narsRunWorkflow({ ...settings, pool: 30, space, out: join(root, 'killed'), train: async (p, e, id) => curve(p, e, id) })).rejects.toThrow(/nars\.pool/);
  });

  it('earlyStop: the first epoch ranking like the final one, else the last epoch', () => {
    const c = (id: number, accuracies: number[]): NarsCandidate => ({ id, iteration: 0, sample: null as never, macs: 0, params: 0, epochs: accuracies.length, accuracies });
    expect(earlyStop([c(0, [0.1, 0.5, 0.6]), c(1, [0.3, 0.6, 0.7]), c(2, [0.2, 0.7, 0.8])], 0.92)).toEqual({ epoch: 2, correlations: [1 / 3, 1, 1] });
    expect(earlyStop([c(0, [0.9, 0.1]), c(1, [0.1, 0.9])], 0.92).epoch).toBe(2);
  });
});
