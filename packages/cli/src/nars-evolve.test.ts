/**
 * `fbnas nars run` and `fbnas nars evolve` as users run them (the built CLI in a child process): a small real run on
 * the embedded data that resumes without retraining; one predictor, three new budgets, each answered within its
 * budget and in under two CPU minutes (issue #12).
 */
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { countArch } from '@fbnas/core';
import { loadJointSpace, sampleJointSpace } from '@fbnas/nars';
import { createNarsPredictor, saveNarsPredictor } from '@fbnas/nars/predictor';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'fbnas-nars-evolve-'));
const at = (...parts: string[]) => join(root, ...parts);
const fbnas = (args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd: root, timeout: 300_000 });

beforeAll(async () => {
  await tf.setBackend('cpu');
  // A predictor trained on a stand-in score (bigger networks and a learning rate near 0.05 score higher).
  const space = loadJointSpace('nars-micro-28');
  const { pairs } = sampleJointSpace(space, { count: 600, seed: 4 });
  const predictor = createNarsPredictor(space, { seed: 1 });
  predictor.pretrain(pairs, { epochs: 10 });
  predictor.fitAccuracy(pairs.map((p) => ({ sample: p.sample, accuracy: 0.1 * Math.log(p.macs) - 0.05 * Math.abs(Math.log(p.sample.recipe.learningRate / 0.05)) })), { frozenEpochs: 15, unfrozenEpochs: 15 });
  await saveNarsPredictor(predictor, at('predictor'));
  predictor.dispose();
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fbnas nars evolve', () => {
  it('answers three budgets from one predictor, each within its budget and under 2 minutes, writing a trainable architecture', () => {
    const ops = createBuiltinOpSpecRegistry();
    const results = [600_000, 1_000_000, 2_000_000].map((budget) => {
      const out = at(`evolved-${budget}`);
      const result = fbnas(['nars', 'evolve', '--predictor', at('predictor'), '--space', 'nars-micro-28', '--target-macs', String(budget), '--out', out, '--json']);
      expect(result.status, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary.macs).toBeLessThanOrEqual(budget);
      expect(summary.seconds).toBeLessThan(120);
      const architecture = JSON.parse(readFileSync(join(out, 'architecture.json'), 'utf8'));
      expect(countArch(architecture, ops).macs).toBe(summary.macs);
      expect(JSON.parse(readFileSync(join(out, 'recipe.json'), 'utf8'))).toEqual(summary.sample.recipe);
      return summary;
    });
    // The stand-in favours larger networks: a larger budget is used for a better predicted score.
    expect(results[2].predictedScore).toBeGreaterThan(results[0].predictedScore);
    const text = fbnas(['nars', 'evolve', '--predictor', at('predictor'), '--space', 'nars-micro-28', '--target-macs', '1000000']);
    expect(text.stdout).toMatch(/nars-micro-28: best within \{"maxMacs":1000000\}: predicted .* M MACs/);
  });

  it('refuses a missing budget, an unknown space and another space\'s predictor', () => {
    expect(fbnas(['nars', 'evolve', '--predictor', at('predictor'), '--space', 'nars-micro-28']).stderr).toMatch(/expected a budget: --target-macs N and\/or --target-params N/);
    expect(fbnas(['nars', 'evolve', '--predictor', at('predictor'), '--space', 'nope', '--target-macs', '1']).stderr).toMatch(/--space expects one of nars-micro-28, nars-micro-32, nars-imagenet/);
    const other = fbnas(['nars', 'evolve', '--predictor', at('predictor'), '--space', 'nars-micro-32', '--target-macs', '1000000']);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/space: the predictor is of space 'nars-micro-28', not 'nars-micro-32'/);
  });
});

describe('fbnas nars run', () => {
  it('trains QMC candidates with their recipes on real data, fixes the early-stop epoch, saves a predictor evolve uses; a re-run trains nothing again', () => {
    const args = [
      'nars', 'run', '--space', 'nars-micro-28', '--train-images', '200', '--target-macs', '600000', '--pool', '8', '--first-batch', '3',
      '--iterations', '1', '--per-iteration', '2', '--pretrain-count', '200', '--pareto-budgets', '2', '--workers', '2', '--out', at('run'), '--json',
    ];
    const first = fbnas(args);
    expect(first.status, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.candidates).toBe(5);
    expect(summary.report).toBe(at('run', 'report.html'));
    const page = readFileSync(summary.report, 'utf8');
    expect([...page.matchAll(/<figure id="([^"]+)"/g)].map((m) => m[1])).toEqual(['nars-early-stop', 'nars-curves', 'nars-candidates', 'nars-predicted', 'nars-evolved']);
    // The evolved Pareto set: a pair per budget within it (and within --target-macs), its front marked.
    expect(summary.evolved.length).toBeGreaterThanOrEqual(1);
    expect(summary.evolved.length).toBeLessThanOrEqual(2);
    for (const pair of summary.evolved) expect(pair.macs).toBeLessThanOrEqual(Math.min(pair.maxMacs, 600_000));
    expect(summary.evolved.some((pair: { onFront: boolean }) => pair.onFront)).toBe(true);
    expect(summary.earlyStopEpoch).toBeGreaterThanOrEqual(1);
    expect(summary.best.macs).toBeLessThanOrEqual(600_000);
    const lines = readFileSync(at('run', 'candidates.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((c: { iteration: number }) => c.iteration)).toEqual([0, 0, 0, 1, 1]);
    for (const c of lines) expect(c.accuracies.every((a: number) => a >= 0 && a <= 1)).toBe(true);
    expect(lines.map((c: { predicted?: number }) => typeof c.predicted)).toEqual(['undefined', 'undefined', 'undefined', 'number', 'number']);
    // Trained by two worker processes, each recorded with its versions and the job's hash.
    expect(first.stderr).toMatch(/training candidates in 2 worker processes/);
    expect(new Set(lines.map((c: { evaluation: { worker: { pid: number } } }) => c.evaluation.worker.pid)).size).toBe(2);
    for (const c of lines) {
      expect(c.evaluation.jobSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(c.evaluation.worker.versions['@tensorflow/tfjs-core']).toBe('4.22.0');
    }
    const again = fbnas(args);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resuming with 5 trained candidates/);
    expect(again.stderr).not.toMatch(/candidate \d+ \(iteration/);
    const evolved = fbnas(['nars', 'evolve', '--predictor', at('run', 'predictor'), '--space', 'nars-micro-28', '--target-macs', '500000', '--json']);
    expect(evolved.status, evolved.stderr).toBe(0);
    expect(JSON.parse(evolved.stdout).macs).toBeLessThanOrEqual(500_000);
  }, 300_000);
});
