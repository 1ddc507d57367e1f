import { memory, setBackend, tidy, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Runs `compute` on backend `name` inside a tidy and returns its outputs as plain arrays; asserts nothing leaked.
 * Inputs must be created inside `compute` (from plain arrays) so that they live on that backend.
 */
export async function runOn(name: string, compute: () => Tensor[]): Promise<Float32Array[]> {
  if (!(await setBackend(name))) throw new Error(`backend '${name}' is not available`);
  const before = memory().numTensors;
  const outputs = tidy(compute);
  const arrays = outputs.map((t) => t.dataSync() as Float32Array);
  for (const t of outputs) t.dispose();
  const after = memory().numTensors;
  if (after !== before) throw new Error(`runOn('${name}'): ${after - before} tensors leaked`);
  return arrays;
}

/**
 * Largest elementwise difference between `actual` and `expected`, relative to the largest magnitude in
 * `expected`: max|a − e| / max(max|e|, 1e-12). This is the "max relative error" of fbnas's kernel tests.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(`maxRelativeError: lengths differ (${actual.length} vs ${expected.length})`);
  }
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) !== Number.isNaN(e)) return Number.POSITIVE_INFINITY;
    difference = Math.max(difference, Math.abs(a - e));
    scale = Math.max(scale, Math.abs(e));
  }
  return difference / Math.max(scale, 1e-12);
}
