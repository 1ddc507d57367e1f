import type { SearchSpace } from './parse-space';

/** The size of a search space. */
export interface ArchitectureCount {
  /** Number of distinct samples: the product of the layers' candidate counts (exact). */
  count: bigint;
  /** log₁₀ of `count` (21.0 for FBNet's 9²²). */
  log10: number;
}

/**
 * Counts the architectures of a space: Π over searchable layers of the number of candidates. Samples that
 * build the same network (e.g. `skip` identities in different places) are counted separately, as the paper does.
 *
 * @example
 * countArchitectures(loadSpace('fbnet')); // { count: 9n ** 22n, log10: 20.99... }
 */
export function countArchitectures(space: SearchSpace): ArchitectureCount {
  let count = 1n;
  let log10 = 0;
  for (const layer of space.layers) {
    count *= BigInt(layer.candidates.length);
    log10 += Math.log10(layer.candidates.length);
  }
  return { count, log10 };
}
