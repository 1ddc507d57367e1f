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
 * The mixed operator of a searchable layer: the candidates' outputs weighted by `weights`. Either a `[K]`
 * vector (one Gumbel-softmax sample for the whole batch, as in the FBNet paper) or a `[N, K]` matrix (one sample
 * per example: example n's output is `Σᵢ w[n,i]·opᵢ(x)[n]`). Differentiable in `x`, the candidates' variables
 * and `weights`. In `sampled` mode the weights are read back (K or N·K floats) to find the candidates to run:
 * those with a non-zero weight for at least one example.
 * @throws Error when the number of weights differs from the number of candidates (or the batch), or no weight is
 *   non-zero in `sampled` mode.
 */
export function mixedOp(x: Tensor, candidates: readonly Candidate[], weights: Tensor, mode: MixedOpMode = 'all'): Tensor {
  const perExample = weights.rank === 2;
  const k = candidates.length;
  if ((weights.rank !== 1 && !perExample) || weights.shape[weights.rank - 1] !== k || (perExample && weights.shape[0] !== x.shape[0])) {
    throw new Error(`mixedOp: expected ${k} weights (a [K] vector or an [N, K] matrix with N = ${x.shape[0]}), got shape [${weights.shape}]`);
  }
  const active = mode === 'sampled' ? nonZeroColumns(weights.dataSync(), k) : candidates.map((_, i) => i);
  if (active.length === 0) throw new Error('mixedOp: every weight is zero; nothing to run in sampled mode');
  return tidy(() => {
    // slice, not unstack: tfjs's unstack gradient fails for a single option. Per example, the weight column
    // broadcasts over the candidate output's other axes.
    const columnShape = [x.shape[0]!, ...new Array<number>(Math.max(x.rank - 1, 0)).fill(1)];
    const w = Array.from({ length: k }, (_, i) => perExample
      ? reshape(slice(weights, [0, i], [-1, 1]), columnShape)
      : reshape(slice(weights, [i], [1]), []));
    let sum: Tensor | undefined;
    for (const i of active) {
      const term = mul(candidates[i]!(x), w[i]!);
      sum = sum === undefined ? term : add(sum, term);
    }
    return sum!;
  });
}

/** The columns `i < k` of a row-major `[…, k]` array with a non-zero entry in some row. */
function nonZeroColumns(values: ArrayLike<number>, k: number): number[] {
  const used = new Array<boolean>(k).fill(false);
  for (let j = 0; j < values.length; j++) if (values[j] !== 0) used[j % k] = true;
  return used.flatMap((u, i) => (u ? [i] : []));
}
