import { add, mul, reshape, slice, tidy, type Tensor } from '@tensorflow/tfjs-core';

/**
 * How a mixed operator evaluates its candidates:
 * - `all`: `Σᵢ wᵢ·opᵢ(x)` over every candidate, as in the FBNet paper. Compute and activation memory grow with
 *   the number of candidates K (≈ K× a plain layer; 9× for FBNet's space).
 * - `sampled`: only candidates whose weight is non-zero run (with hard, one-hot Gumbel weights: one per layer),
 *   `Σ_{i: wᵢ≠0} wᵢ·opᵢ(x)`. Cost ≈ one plain layer. The architecture gradient then reaches the sampled
 *   candidate's logit through the straight-through weight (and the others through the softmax), as in GDAS
 *   (Dong & Yang 2019); this departs from the paper's estimator.
 */
export type MixedOpMode = 'all' | 'sampled';

/** A candidate: maps the layer input to an output of the common shape. */
export type Candidate = (x: Tensor) => Tensor;

/**
 * The mixed operator of a searchable layer: the candidates' outputs weighted by `weights` (a `[K]` vector,
 * typically one row of a Gumbel-softmax sample). Differentiable in `x`, the candidates' variables and `weights`.
 * In `sampled` mode the weights are read back (K floats) to find the candidates to run.
 * @throws Error when the number of weights differs from the number of candidates, or no weight is non-zero in
 *   `sampled` mode.
 */
export function mixedOp(x: Tensor, candidates: readonly Candidate[], weights: Tensor, mode: MixedOpMode = 'all'): Tensor {
  if (weights.rank !== 1 || weights.shape[0] !== candidates.length) {
    throw new Error(`mixedOp: expected ${candidates.length} weights (a [K] vector), got shape [${weights.shape}]`);
  }
  const active = mode === 'sampled'
    ? Array.from(weights.dataSync()).flatMap((w, i) => (w !== 0 ? [i] : []))
    : candidates.map((_, i) => i);
  if (active.length === 0) throw new Error('mixedOp: every weight is zero; nothing to run in sampled mode');
  return tidy(() => {
    // slice, not unstack: tfjs's unstack gradient fails for a single option.
    const w = Array.from({ length: weights.shape[0]! }, (_, i) => reshape(slice(weights, [i], [1]), []));
    let sum: Tensor | undefined;
    for (const i of active) {
      const term = mul(candidates[i]!(x), w[i]!);
      sum = sum === undefined ? term : add(sum, term);
    }
    return sum!;
  });
}
