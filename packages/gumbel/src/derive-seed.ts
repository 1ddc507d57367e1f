/**
 * A deterministic 32-bit seed from a base seed and integer coordinates (epoch, step, layer, …), so every random
 * draw of a run is a pure function of the run's seed and where it happens: a resumed run draws exactly what an
 * uninterrupted one would. (tfjs random ops with a fixed seed return the same numbers on every call, so each
 * draw needs its own seed.)
 * @example
 * tf.randomUniform([4], 0, 1, 'float32', deriveSeed(runSeed, epoch, step));
 */
export function deriveSeed(base: number, ...coordinates: number[]): number {
  let h = (base ^ 0x9e3779b9) >>> 0;
  for (const value of coordinates) {
    h = Math.imul(h ^ (value >>> 0), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}
