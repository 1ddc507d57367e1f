/**
 * A seeded pseudo-random float32 source (mulberry32 + Box–Muller), independent of any tfjs backend, so the
 * same seed gives bit-identical initial tensors on `cpu`, `wasm` and `tensorflow`.
 * @example
 * const values = seededNormal(42, 16, 0.1); // 16 samples of N(0, 0.1²)
 */
export function seededNormal(seed: number, count: number, standardDeviation = 1): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(uniform())) * standardDeviation;
    const angle = 2 * Math.PI * uniform();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}
