import {
  add, dot, mul, ones, reshape, scalar, slice, square, stack, sub, sum, tensor1d, tensor2d, tidy, type Scalar, type Tensor, type Tensor1D, type Tensor2D,
} from '@tensorflow/tfjs-core';
import type { MaskedSpacePlan } from './masked-layout';

/** What the cost counts: `flops` (MACs, FBNetV2 Eq. 10's FLOP mode) or `params` (convolution weights). */
export type MaskedCostMode = 'flops' | 'params';

/**
 * Row `row` of a `[rows, K]` weight matrix cut to its `length` options, or `[1]` for a fixed dimension (null).
 *
 * @example
 * rowWeights(mask, plan.resolutionRow, 3); // [3] resolution weights
 */
export function rowWeights(matrix: Tensor2D, row: number | null, length: number): Tensor1D {
  if (row === null) return ones([1]) as Tensor1D;
  return reshape(slice(matrix, [row, 0], [1, length]), [length]);
}

/**
 * FBNetV2's differentiable resource cost (§3.3, Eqs. 5–10; fbnet-methods §2.4) of a masked supernet under
 * per-dimension weights `[rows, K]` (Gumbel-softmax samples, or softmax(θ)):
 *
 * - **effective shapes**: a searched width is `C̄ = Σᵢ gᵢ·cᵢ` and becomes the next block's input width; the hidden
 *   width of an inverted residual is `H̄ = Σ_{e, c} g_e·g_c·makeDivisible(c·e, d)` over its expansion and input
 *   width options; a depthwise convolution passes its width through; the input side is `h̄ = Σᵣ gᵣ·r`, and
 *   each block's output side `h̄' = Σᵣ gᵣ·⌈r / s⌉` (one resolution for the whole network);
 * - **per convolution**: `k²·h̄'·w̄'·C̄in·C̄out/γ` MACs (FLOP mode) or `k²·C̄in·C̄out/γ` weights (parameter mode);
 *   an `ir` candidate is pw 1×1 (at its input side) + dw k×k + pwl 1×1, a plain conv one k×k convolution,
 *   `skip` its 1×1 projection weighted by the probability that the widths differ (1 when strided);
 * - **pw presence**: where some (expansion, input width) combinations have no pw conv (hidden = input width
 *   without `alwaysPw`), the pw conv is weighted by `P(pw) = Σ g_e·g_in` over the combinations that have one;
 * - **squeeze-excite** (core's count): its pool `H̄·h̄'·w̄'` MACs and two 1×1 convolutions on the pooled map,
 *   `2·H̄·S̄` MACs and weights, with `S̄ = Σ g_e·g_in·makeDivisible(floor(hidden·r), d)`; biases are not counted;
 * - **`ir_pool`**: pw 1×1 at its input side (weighted by P(pw)), the pool `H̄·h̄·w̄` MACs, pwl `H̄·C̄out` (1×1 map);
 *   blocks after it see side 1;
 * - **per layer**: the candidates' costs weighted by the op weights; **fixed blocks and the head**: the exact
 *   expectation of core's count over their input width and resolution (they are linear in both).
 *
 * With one-hot weights every effective width is a real width and the cost is exactly core's `countArch` MACs
 * (or conv weights) of the derived architecture (tested on the micro spaces and on `fbnetv2`, zoo models
 * included). Differentiable in `weights`.
 *
 * @param weights - `[rows, K]`, row i a distribution over `plan.rows[i].options` (padding columns ignored).
 * @returns a scalar: MACs or weights.
 */
export function maskedCost(plan: MaskedSpacePlan, weights: Tensor2D, mode: MaskedCostMode): Scalar {
  return tidy(() => {
    const resolutions = plan.space.resolutions;
    const pR = rowWeights(weights, plan.resolutionRow, resolutions.length);
    const pick = (values: readonly number[]) => (plan.resolutionRow === null ? scalar(values[0]!) : dot(pR, tensor1d(values as number[])));
    const area = (sides: readonly number[]) => (mode === 'params' ? scalar(1) : square(pick(sides)));
    let total: Tensor = scalar(0);
    for (const block of plan.blocks) {
      const { input } = block.kind === 'layer' ? block.layer : block.block;
      const pIn: Tensor1D = block.inputRow === null ? ones([1]) : rowWeights(weights, block.inputRow, input.channels.length);
      if (block.kind === 'fixed') {
        const table = tensor2d(mode === 'flops' ? block.macs : block.weights);
        const overResolutions = plan.resolutionRow === null ? slice(table, [0, 0], [-1, 1]) : reshape(mul(table, reshape(pR, [1, -1])), table.shape);
        total = add(total, dot(pIn, sum(overResolutions, 1)));
        continue;
      }
      const { layer } = block;
      const inArea = area(block.inSides);
      const outArea = area(block.outSides);
      const pOut = rowWeights(weights, block.channelsRow, layer.channels.length);
      const pOp = rowWeights(weights, block.opRow, layer.candidates.length);
      const pE = rowWeights(weights, block.expansionRow, block.expansions.length);
      const cIn = dot(pIn, tensor1d(input.channels as number[]));
      const cOut = dot(pOut, tensor1d(layer.channels as number[]));
      const costs = block.candidates.map((candidate): Tensor => {
        if (candidate.kind === 'conv') return mul(mul(mul(cIn, cOut), outArea), candidate.kernel * candidate.kernel);
        if (candidate.kind === 'skip') {
          const projection = mul(mul(cIn, cOut), outArea);
          return layer.stride === 1 ? mul(projection, sub(1, sameWidth(pIn, pOut, input.channels, layer.channels))) : projection;
        }
        const pCombo = comboWeights(pE, pIn);
        const hidden = dot(pCombo, tensor1d(candidate.combos.map((c) => c.hidden)));
        let pw = mul(mul(cIn, hidden), inArea);
        if (candidate.optionalPw) pw = mul(pw, dot(pCombo, tensor1d(candidate.combos.map((c) => (c.pw ? 1 : 0)))));
        if (candidate.kind === 'irPool') {
          const pool = mode === 'params' ? scalar(0) : mul(hidden, inArea);
          return add(add(pw, pool), mul(hidden, cOut));
        }
        const dw = mul(mul(hidden, outArea), candidate.kernel * candidate.kernel);
        const pwl = mul(mul(hidden, cOut), outArea);
        const body = add(add(pw, dw), pwl);
        if (candidate.se === null) return body;
        const seHidden = dot(pCombo, tensor1d(candidate.combos.map((c) => c.seHidden!)));
        const seConvs = mul(mul(hidden, seHidden), 2);
        return add(body, mode === 'params' ? seConvs : add(mul(hidden, outArea), seConvs));
      });
      const layerCost = dot(pOp, stack(costs.map((c) => reshape(c, []))) as Tensor1D);
      total = add(total, layerCost);
    }
    return reshape(total, []) as Scalar;
  });
}

/**
 * The probability that a layer's input width equals its output width, `Σ_{c ∈ in ∩ out} g_in(c)·g_out(c)`: the
 * weight of the identity in `skip` and of the residual in `ir` (the derived block has them exactly when the
 * widths agree and the stride is 1).
 */
export function sameWidth(pIn: Tensor1D, pOut: Tensor1D, inOptions: readonly number[], outOptions: readonly number[]): Scalar {
  const match = inOptions.map((a) => outOptions.map((b) => (a === b ? 1 : 0)));
  if (match.every((row) => row.every((v) => v === 0))) return scalar(0);
  return reshape(dot(pIn, dot(tensor2d(match), pOut)), []) as Scalar;
}

/** The weights of every (expansion, input width) combination, expansion-major: `vec(g_e ⊗ g_in)`. */
export function comboWeights(pE: Tensor1D, pIn: Tensor1D): Tensor1D {
  return reshape(mul(reshape(pE, [-1, 1]), reshape(pIn, [1, -1])), [-1]);
}
