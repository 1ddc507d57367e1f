/**
 * A seeded pseudo-random source of floats in [0, 1) (mulberry32): the same seed gives the same sequence on
 * every platform.
 *
 * @param seed - any number; its low 32 bits are used.
 * @example
 * const random = seededRandom(42);
 * random(); // 0.6011...
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
