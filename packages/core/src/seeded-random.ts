/**
 * Small seeded pseudo-random sources, so splits, shuffles and augmentations are reproducible bit for bit on
 * every platform: mulberry32 for the stream, a murmur3-style mix to derive independent seeds.
 */

/**
 * A mulberry32 generator: each call returns the next float in `[0, 1)`; the same 32-bit `seed` always gives
 * the same sequence.
 *
 * @example
 * const random = mulberry32(42);
 * random(); // 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Derives a 32-bit seed from a seed and a path of integers (e.g. a stream tag, an epoch, an example index),
 * so that related streams are independent: `deriveSeed(7, 1)` and `deriveSeed(7, 2)` share nothing.
 *
 * @example
 * const epochSeed = deriveSeed(seed, SHUFFLE_STREAM, epoch);
 */
export function deriveSeed(seed: number, ...path: readonly number[]): number {
  let hash = mix((seed >>> 0) ^ 0x9e3779b9);
  for (const value of path) hash = mix((hash + Math.imul(mix(value >>> 0) ^ 0x27d4eb2f, 0x165667b1)) >>> 0);
  return hash;
}

/**
 * Throws unless `value` is an integer (any sign; it is used modulo 2³²); the message names `field`.
 *
 * @example
 * assertSeed(1.5, 'batches: options.seed'); // Error: batches: options.seed: expected an integer seed, got 1.5
 */
export function assertSeed(value: number, field: string): void {
  if (!Number.isSafeInteger(value)) throw new Error(`${field}: expected an integer seed, got ${value}`);
}

/**
 * The seed to hand a tfjs random op or initializer for `seed`. tfjs treats a falsy seed as "no seed"
 * (`randomNormal`, `truncatedNormal`, `randomGamma`, the layers initializers draw from `Math.random()` when it is 0),
 * so 0 maps to 2³² (≡ 0 mod 2³², and distinct from every seed in `[-2³¹, 2³²)`); every other seed is returned
 * unchanged, so results for nonzero seeds stay what they were.
 *
 * @example
 * tf.randomNormal([3, 3], 0, 1, 'float32', tfjsSeed(seed)); // seed 0 is reproducible too
 * tfjsSeed(0); // 4294967296
 * tfjsSeed(7); // 7
 */
export function tfjsSeed(seed: number): number {
  return seed === 0 ? 2 ** 32 : seed;
}
