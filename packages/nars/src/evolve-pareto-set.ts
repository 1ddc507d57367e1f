import { paretoFront } from '@fbnas/core';
import type { JointSample, JointSpace } from './joint-sample';
import { evolveJointSpace, type EvolveOptions, type ScoredPair } from './evolve-joint-space';

/** One budget of `evolveParetoSet` and the pair evolved for it. */
export interface EvolvedBudget {
  /** The MAC budget per image (inclusive) the pair was evolved under, with the other constraints. */
  maxMacs: number;
  best: ScoredPair;
}

/** The outcome of `evolveParetoSet`. */
export interface ParetoSet {
  /** Every budget with its evolved pair, in the order given. */
  budgets: EvolvedBudget[];
  /** The evolved pairs no other evolved pair beats at no more MACs (higher predicted score), by increasing MACs. */
  front: ScoredPair[];
}

/**
 * FBNetV3's evolved Pareto set (fbnet-methods §3.6): `evolveJointSpace` once per MAC budget — each under
 * `min(budget, constraints.maxMacs)` and the other constraints, all from the same seed — then the front of the
 * evolved pairs (predicted score against MACs). Only `score` is queried, so a set of budgets costs CPU seconds.
 *
 * @param budgets - MAC budgets per image (e.g. `macsBudgets(pool.map((p) => p.macs), 5)`).
 * @throws Error (from `sampleJointSpace`) when a budget is so tight that the first population cannot be drawn.
 * @example
 * const { front } = evolveParetoSet(space, (s) => predictor.predictAccuracy(s), [4e5, 8e5, 1.5e6]);
 */
export function evolveParetoSet(space: JointSpace, score: (samples: JointSample[]) => number[], budgets: readonly number[], options: EvolveOptions = {}): ParetoSet {
  const evolved: EvolvedBudget[] = [];
  for (const budget of budgets) {
    if (!(budget > 0)) throw new Error(`evolveParetoSet: budgets: expected positive MAC counts, got ${budget}`);
    const maxMacs = Math.min(budget, options.constraints?.maxMacs ?? Infinity);
    evolved.push({ maxMacs, best: evolveJointSpace(space, score, { ...options, constraints: { ...options.constraints, maxMacs } }).best });
  }
  return { budgets: evolved, front: paretoFront(evolved.map((b) => b.best), (p) => p.macs, (p) => p.score) };
}

/**
 * `count` MAC budgets spread over a pool: its MACs at the quantiles 1/count, 2/count, …, 1 (the last is the pool's
 * largest), without repeats. Each budget is met by at least that fraction of the pool.
 *
 * @example
 * macsBudgets([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5); // [2, 4, 6, 8, 10]
 */
export function macsBudgets(macs: readonly number[], count: number): number[] {
  if (macs.length === 0) throw new Error('macsBudgets: expected at least one MAC count');
  if (!Number.isInteger(count) || count < 1) throw new Error(`macsBudgets: count: expected a whole number ≥ 1, got ${count}`);
  const sorted = [...macs].sort((a, b) => a - b);
  const picked = Array.from({ length: count }, (_, k) => sorted[Math.max(0, Math.ceil(((k + 1) / count) * sorted.length) - 1)]!);
  return [...new Set(picked)];
}
