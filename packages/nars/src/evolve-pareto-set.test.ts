import { describe, expect, it } from 'vitest';
import { loadJointSpace } from './builtin-joint-spaces';
import { evolveJointSpace } from './evolve-joint-space';
import { evolveParetoSet, macsBudgets } from './evolve-pareto-set';
import type { JointSample } from './joint-sample';
import { sampleJointSpace } from './sample-joint-space';

const space = loadJointSpace('nars-micro-28');

/** A stand-in predictor: bigger networks score higher; the recipe has a best learning rate (0.05). */
const score = (samples: JointSample[]) => samples.map((s) =>
  s.stages.reduce((sum, stage) => sum + (stage.channels * stage.depth * stage.expansion) / 400, 0) - Math.abs(Math.log(s.recipe.learningRate / 0.05)));

describe('macsBudgets', () => {
  it('takes the pool\'s MACs at the quantiles k/count, the last its largest, without repeats', () => {
    expect(macsBudgets([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 5)).toEqual([2, 4, 6, 8, 10]);
    expect(macsBudgets([5, 1, 3], 2)).toEqual([3, 5]);
    expect(macsBudgets([4, 4, 4], 3)).toEqual([4]);
    expect(() => macsBudgets([], 2)).toThrow(/at least one/);
    expect(() => macsBudgets([1], 0)).toThrow(/count: expected a whole number ≥ 1, got 0/);
  });
});

describe('evolveParetoSet', () => {
  it('evolves one pair per budget within it (and within the other constraints), each as evolveJointSpace alone; the front is non-dominated', () => {
    const pool = sampleJointSpace(space, { count: 64, seed: 3, constraints: { maxMacs: 1_500_000 } }).pairs;
    const budgets = macsBudgets(pool.map((p) => p.macs), 3);
    const set = evolveParetoSet(space, score, [...budgets, 3_000_000], { constraints: { maxMacs: 1_500_000 }, seed: 3, generations: 4 });
    // The last budget is capped by the run's own constraint.
    expect(set.budgets.map((b) => b.maxMacs)).toEqual([...budgets, 1_500_000]);
    for (const { maxMacs, best } of set.budgets) {
      expect(best.macs).toBeLessThanOrEqual(maxMacs);
      expect(best).toEqual(evolveJointSpace(space, score, { constraints: { maxMacs }, seed: 3, generations: 4 }).best);
    }
    expect(set.front.length).toBeGreaterThanOrEqual(2);
    set.front.forEach((p, i) => {
      if (i === 0) return;
      expect(p.macs).toBeGreaterThan(set.front[i - 1]!.macs);
      expect(p.score).toBeGreaterThan(set.front[i - 1]!.score);
    });
    // Every evolved pair left out of the front is beaten by a front pair with no more MACs.
    for (const { best } of set.budgets.filter((b) => !set.front.includes(b.best))) {
      expect(set.front.some((p) => p.macs <= best.macs && p.score >= best.score)).toBe(true);
    }
    expect(() => evolveParetoSet(space, score, [0])).toThrow(/budgets: expected positive MAC counts, got 0/);
  });
});
