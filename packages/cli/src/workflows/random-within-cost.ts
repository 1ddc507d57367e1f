import { predictLatency, type LatencyTable } from '@fbnas/latency';
import { randomSample, seededRandom, type ArchitectureSample, type SearchSpace } from '@fbnas/search-space';

/** Draws `randomWithinCost` tries by default before it gives up (each a uniform sample and a LUT sum: microseconds). */
export const MAX_RANDOM_DRAWS = 1_000_000;

/**
 * `count` architectures drawn uniformly from `space` (every layer picks each candidate with equal probability)
 * among those whose predicted cost (the sum of `table`'s entries, µs or MACs) is at most `bound`: rejection
 * sampling, so each is a uniform draw from that sub-space. Distinct samples; deterministic for a seed. The random
 * baseline of a search: architectures no more expensive than the searched one.
 * @throws Error naming the bound and the cheapest cost seen when fewer than `count` distinct samples turn up in
 *   `maxDraws` (default `MAX_RANDOM_DRAWS`) draws (the bound is at or below the space's cheapest corner).
 */
export function randomWithinCost(space: SearchSpace, table: LatencyTable, bound: number, count: number, seed: number, maxDraws = MAX_RANDOM_DRAWS): { sample: ArchitectureSample; predictedCost: number }[] {
  const random = seededRandom(seed);
  const found = new Map<string, { sample: ArchitectureSample; predictedCost: number }>();
  let cheapest = Infinity;
  for (let draw = 0; draw < maxDraws && found.size < count; draw++) {
    const sample = randomSample(space, random);
    const predictedCost = predictLatency(table, sample);
    cheapest = Math.min(cheapest, predictedCost);
    if (predictedCost <= bound) found.set(JSON.stringify(sample), { sample, predictedCost });
  }
  if (found.size < count) {
    throw new Error(
      `found ${found.size} of ${count} random architectures of ${space.name} with a predicted cost ≤ ${bound.toFixed(1)} ${table.unit} ` +
        `in ${maxDraws} draws (the cheapest drawn: ${cheapest.toFixed(1)} ${table.unit})`,
    );
  }
  return [...found.values()];
}
