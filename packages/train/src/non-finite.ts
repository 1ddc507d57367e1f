import { mul, scalar, stack, sum, tidy, type Tensor } from '@tensorflow/tfjs-core';

/**
 * The first of `named` holding a NaN or ±Infinity, with that value; null when every element is finite. One
 * reduction per tensor and one download in all (`Σ t·0` is NaN exactly when `t` has a non-finite element).
 *
 * @example
 * const bad = firstNonFinite(supernet.namedVariables()); // { name: 'theta', value: NaN } | null
 */
export function firstNonFinite(named: Iterable<[string, Tensor]>): { name: string; value: number } | null {
  const entries = [...named].filter(([, tensor]) => tensor.dtype === 'float32' && tensor.size > 0);
  if (entries.length === 0) return null;
  const stacked = tidy(() => stack(entries.map(([, tensor]) => sum(mul(tensor, scalar(0))))));
  const flags = stacked.dataSync().slice();
  stacked.dispose();
  const index = flags.findIndex((flag) => !Number.isFinite(flag));
  if (index < 0) return null;
  const [name, tensor] = entries[index]!;
  const value = Array.from(tensor.dataSync()).find((element) => !Number.isFinite(element)) ?? Number.NaN;
  return { name, value };
}
