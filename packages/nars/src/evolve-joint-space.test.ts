import { describe, expect, it } from 'vitest';
import { loadJointSpace } from './builtin-joint-spaces';
import { evolveJointSpace } from './evolve-joint-space';
import type { JointSample } from './joint-sample';
import { sampleJointSpace } from './sample-joint-space';

const space = loadJointSpace('nars-micro-28');

/** A stand-in predictor: bigger networks score higher; the recipe has a best learning rate (0.05) and no dropout. */
const score = (samples: JointSample[]) => samples.map((s) =>
  s.stages.reduce((sum, stage) => sum + (stage.channels * stage.depth * stage.expansion) / 400, 0) + s.resolution / 28
  - Math.abs(Math.log(s.recipe.learningRate / 0.05)) - s.recipe.dropout);

describe('evolveJointSpace', () => {
  it('improves on the best of its QMC pool, never leaves the budget, and stops when the best stalls', () => {
    const budget = 1_000_000;
    const evolution = evolveJointSpace(space, score, { constraints: { maxMacs: budget }, seed: 2 });
    const pool = sampleJointSpace(space, { count: 128, seed: 2, constraints: { maxMacs: budget } }).pairs;
    const poolBest = Math.max(...score(pool.map((p) => p.sample)));
    expect(evolution.history[0]).toBeCloseTo(poolBest, 10);
    expect(evolution.best.score).toBeGreaterThan(poolBest);
    expect(evolution.history.every((v, i) => i === 0 || v >= evolution.history[i - 1]!)).toBe(true);
    expect(evolution.population.every((p) => p.macs <= budget)).toBe(true);
    expect(evolution.best.score).toBe(score([evolution.best.sample])[0]);
    const last = evolution.history.slice(-6);
    expect(evolution.generations === 50 || new Set(last).size === 1).toBe(true);
    // The recipe moved toward the stand-in's optimum.
    expect(Math.abs(Math.log(evolution.best.sample.recipe.learningRate / 0.05))).toBeLessThan(0.5);
  });

  it('is deterministic per seed; a larger budget gives a better (and larger) best', () => {
    const small = evolveJointSpace(space, score, { constraints: { maxMacs: 800_000 }, seed: 1, generations: 10 });
    expect(evolveJointSpace(space, score, { constraints: { maxMacs: 800_000 }, seed: 1, generations: 10 }).best).toEqual(small.best);
    const large = evolveJointSpace(space, score, { constraints: { maxMacs: 2_000_000 }, seed: 1, generations: 10 });
    expect(large.best.score).toBeGreaterThan(small.best.score);
    expect(small.best.macs).toBeLessThanOrEqual(800_000);
    expect(large.best.macs).toBeLessThanOrEqual(2_000_000);
    expect(large.best.macs).toBeGreaterThan(small.best.macs);
  });
});
