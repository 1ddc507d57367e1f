import { mulberry32, type ArchDefinition, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import type { JointSample, JointSpace } from './joint-sample';
import { pairAt, sampleJointSpace, type JointConstraints, type SampledPair } from './sample-joint-space';

/** Options of `evolveJointSpace`. */
export interface EvolveOptions {
  /** Resource bounds every individual meets (as `sampleJointSpace`). */
  constraints?: JointConstraints;
  /** The latency of an architecture, for `constraints.maxLatency`. */
  latencyOf?: (architecture: ArchDefinition) => number;
  ops?: OpSpecRegistry;
  /** Individuals kept per generation (default 32). */
  population?: number;
  /** Children per generation (default 64). */
  children?: number;
  /** QMC pool the first population is the best of (default 256). */
  initialPool?: number;
  /** Probability that a child re-draws each coordinate (default 1 / searched dimensions, at least one re-drawn). */
  mutationRate?: number;
  /** Stop after this many generations without a better best score (default 5). */
  patience?: number;
  /** At most this many generations (default 50). */
  generations?: number;
  /** Seed of the pool and the mutations (default 0). */
  seed?: number;
}

/** One scored individual. */
export interface ScoredPair extends SampledPair {
  /** Its predicted score (higher is better). */
  score: number;
}

/** The outcome of `evolveJointSpace`. */
export interface Evolution {
  /** The best individual found. */
  best: ScoredPair;
  /** The final population, best first. */
  population: ScoredPair[];
  /** Best score after each generation (index 0: the initial population). */
  history: number[];
  generations: number;
  /** Individuals scored (the pool and every child within the constraints). */
  evaluated: number;
}

/**
 * FBNetV3's predictor-based evolutionary search (fbnet-methods §3.6): the first population is the best-scored
 * pairs of a QMC pool within the constraints; each generation mutates parents (chosen uniformly from the
 * population) by re-drawing coordinates of their Sobol points, keeps children within the constraints, scores them
 * and keeps the best `population` of parents and children; it stops when the best score has not improved for
 * `patience` generations. Only `score` is queried — e.g. a predictor's `predictAccuracy` — so a new budget costs
 * CPU seconds. Deterministic for a seed and a deterministic `score`.
 *
 * @throws Error when no pair of the pool meets the constraints.
 * @example
 * const { best } = evolveJointSpace(space, (samples) => predictor.predictAccuracy(samples), { constraints: { maxMacs: 1e6 } });
 */
export function evolveJointSpace(space: JointSpace, score: (samples: JointSample[]) => number[], options: EvolveOptions = {}): Evolution {
  const {
    constraints = {}, population: size = 32, children = 64, initialPool = 256, patience = 5, generations = 50, seed = 0,
  } = options;
  const dimensions = space.searched.length;
  const mutationRate = options.mutationRate ?? 1 / Math.max(1, dimensions);
  const random = mulberry32(seed);
  const within = { constraints, ops: options.ops ?? createBuiltinOpSpecRegistry(), ...(options.latencyOf ? { latencyOf: options.latencyOf } : {}) };
  const pool = sampleJointSpace(space, { ...within, count: Math.min(initialPool, size * 4), seed, maxDraws: 64 * initialPool }).pairs;
  const scoreAll = (pairs: SampledPair[]): ScoredPair[] => {
    const scores = score(pairs.map((pair) => pair.sample));
    return pairs.map((pair, i) => ({ ...pair, score: scores[i]! }));
  };
  let population = scoreAll(pool).sort(byScore).slice(0, size);
  let evaluated = pool.length;
  const history = [population[0]!.score];
  let stale = 0;
  let generation = 0;
  const seen = new Set(population.map((p) => p.point.join(',')));
  while (generation < generations && stale < patience) {
    generation += 1;
    const offspring: SampledPair[] = [];
    for (let attempt = 0; offspring.length < children && attempt < children * 20; attempt++) {
      const parent = population[Math.min(population.length - 1, Math.floor(random() * population.length))]!;
      const point = parent.point.map((u) => (random() < mutationRate ? random() : u));
      if (dimensions > 0 && point.every((u, i) => u === parent.point[i])) {
        const i = Math.min(dimensions - 1, Math.floor(random() * dimensions));
        point[i] = random();
      }
      const key = point.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const outcome = pairAt(space, point, within, `${space.name}-evolved`);
      if ('pair' in outcome) offspring.push(outcome.pair);
    }
    evaluated += offspring.length;
    const previousBest = population[0]!.score;
    population = [...population, ...scoreAll(offspring)].sort(byScore).slice(0, size);
    history.push(population[0]!.score);
    stale = population[0]!.score > previousBest ? 0 : stale + 1;
  }
  return { best: population[0]!, population, history, generations: generation, evaluated };
}

function byScore(a: ScoredPair, b: ScoredPair): number {
  return b.score - a.score;
}
