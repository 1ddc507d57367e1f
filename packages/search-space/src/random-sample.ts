import type { ArchitectureSample } from './architecture-sample';
import type { SearchSpace } from './parse-space';
import { seededRandom } from './seeded-random';

/**
 * Draws one architecture uniformly at random: every layer picks each of its candidates with equal
 * probability, independently.
 *
 * @param seed - a seed (same seed, same sample) or a random source returning floats in [0, 1), e.g. one
 *   `seededRandom(seed)` shared by several draws.
 * @example
 * randomSample(space, 0); // { c16_0: 'k5_e3', c24_0: 'skip', ... }
 * const random = seededRandom(7);
 * const samples = Array.from({ length: 30 }, () => randomSample(space, random));
 */
export function randomSample(space: SearchSpace, seed: number | (() => number)): ArchitectureSample {
  const random = typeof seed === 'number' ? seededRandom(seed) : seed;
  const sample: ArchitectureSample = {};
  for (const layer of space.layers) {
    const index = Math.min(Math.floor(random() * layer.candidates.length), layer.candidates.length - 1);
    sample[layer.id] = layer.candidates[index]!;
  }
  return sample;
}
