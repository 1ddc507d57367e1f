/**
 * Mixup (Zhang et al., ICLR 2018), one of FBNetV3's recipe dimensions: a batch is mixed with a permutation of itself,
 * `x̃ = λ·x + (1 − λ)·x[π]`, `ỹ = λ·y + (1 − λ)·y[π]` with λ ~ Beta(α, α). Softmax cross-entropy is linear in the
 * labels, so the loss on ỹ is `λ·CE(y) + (1 − λ)·CE(y[π])`. Draws come from a seeded uniform source, so a resumed
 * run mixes exactly as an uninterrupted one.
 */
import { add, gather, mul, scalar, tensor1d, tidy, type Tensor } from '@tensorflow/tfjs-core';

/**
 * One draw from Beta(α, α) (α > 0), from two Gamma(α, 1) draws (Marsaglia–Tsang; for α < 1 the boost
 * `Gamma(α) = Gamma(α + 1)·U^{1/α}`) with normal draws by Box–Muller, all from `random` (uniform on [0, 1)).
 *
 * @throws Error for α ≤ 0 or not finite.
 * @example
 * sampleBeta(0.2, mulberry32(7)); // mostly near 0 or 1 for small α; α = 1 is uniform
 */
export function sampleBeta(alpha: number, random: () => number): number {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new Error(`sampleBeta: expected α > 0, got ${alpha}`);
  const a = sampleGamma(alpha, random);
  const b = sampleGamma(alpha, random);
  return a + b === 0 ? 0.5 : a / (a + b);
}

/**
 * A uniformly random permutation of 0 … n − 1 (Fisher–Yates) from `random`.
 *
 * @example
 * mixupPermutation(4, mulberry32(1)); // e.g. [2, 0, 3, 1]
 */
export function mixupPermutation(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * The mixed batch: `{ x: λ·x + (1 − λ)·x[perm], y: λ·y + (1 − λ)·y[perm] }` for images `x` `[N, H, W, C]` and one-hot
 * (or soft) labels `y` `[N, K]`. New tensors; the inputs are kept.
 *
 * @example
 * const mixed = mixupBatch(x, y, 0.7, mixupPermutation(x.shape[0], random));
 */
export function mixupBatch(x: Tensor, y: Tensor, lambda: number, permutation: readonly number[]): { x: Tensor; y: Tensor } {
  return tidy(() => {
    const order = tensor1d(permutation as number[], 'int32');
    const mix = (t: Tensor) => add(mul(t, scalar(lambda)), mul(gather(t, order), scalar(1 - lambda)));
    return { x: mix(x), y: mix(y) };
  });
}

function sampleGamma(alpha: number, random: () => number): number {
  if (alpha < 1) return sampleGamma(alpha + 1, random) * Math.pow(1 - random(), 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
