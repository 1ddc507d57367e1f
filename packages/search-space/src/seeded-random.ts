import { mulberry32 } from '@fbnas/core';

/**
 * A seeded pseudo-random source of floats in [0, 1) (mulberry32, `@fbnas/core`): the same seed gives the same
 * sequence on every platform.
 *
 * @param seed - any number; its low 32 bits are used.
 * @example
 * const random = seededRandom(42);
 * random(); // 0.6011...
 */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}
