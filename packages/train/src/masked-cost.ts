import { add, dot, mul, reshape, scalar, stack, tensor1d, tidy, type Scalar, type Tensor, type Tensor1D, type Tensor2D } from '@tensorflow/tfjs-core';
import type { AlignedBlock, AlignedLayer } from './masked-align';
import type { MaskedSpacePlan } from './masked-layout';
import { BlockWeights, rowWeights, TENSOR_ARITHMETIC } from './masked-weights';

/** What the cost counts: `flops` (MACs, FBNetV2 Eq. 10's FLOP mode) or `params` (convolution weights). */
export type MaskedCostMode = 'flops' | 'params';

/**
 * FBNetV2's differentiable resource cost (§3.3, Eqs. 5–10; fbnet-methods §2.4) of a masked supernet under
 * per-dimension weights `[rows, K]` (Gumbel-softmax samples, or softmax(θ)), computed by the same plan primitives'
 * cost functions that count architectures exactly, on effective shapes instead of numbers:
 *
 * - **effective widths**: every width of a candidate's aligned plan is a table over the choices it depends on
 *   (`alignBlock`); its effective value is its expectation, e.g. the output width `C̄ = Σᵢ gᵢ·cᵢ` (the next block's
 *   input width), the hidden width of an inverted residual `H̄ = Σ_{e,c} g_e·g_c·makeDivisible(c·e, d)`; a layer an
 *   op has only for some choices (a pw conv, a skip's projection) is weighted by the probability that it exists;
 * - **effective sides**: `h̄ = Σᵣ gᵣ·hᵣ` at every layer (one resolution for the whole network);
 * - **per layer**: the primitive's own cost on those values, e.g. a convolution `k²·h̄'·w̄'·C̄in·C̄out/γ` MACs
 *   (`γ = C̄in` when depthwise) or `k²·C̄in·C̄out/γ` weights;
 * - **per searchable layer**: the candidates' costs weighted by the op weights; fixed blocks and the head the same
 *   way over their input width.
 *
 * With one-hot weights every effective value is a real one and the cost is exactly core's `countArch` MACs (or
 * conv weights) of the derived architecture (tested on the micro spaces and on `fbnetv2`, zoo models included).
 * Differentiable in `weights`.
 *
 * @param weights - `[rows, K]`, row i a distribution over `plan.rows[i].options` (padding columns ignored).
 * @returns a scalar: MACs or weights.
 */
export function maskedCost(plan: MaskedSpacePlan, weights: Tensor2D, mode: MaskedCostMode): Scalar {
  return tidy(() => {
    const resolutions = plan.space.resolutions;
    const pR = rowWeights(weights, plan.resolutionRow, resolutions.length);
    const side = (sides: readonly number[]): Tensor => (plan.resolutionRow === null ? scalar(sides[0]!) : dot(pR, tensor1d(sides as number[])));
    let total: Tensor = scalar(0);
    for (const block of plan.blocks) {
      const { input } = block.kind === 'layer' ? block.layer : block.block;
      const pIn = rowWeights(weights, block.inputRow, input.channels.length);
      if (block.kind === 'fixed') {
        total = add(total, blockCost(block.aligned, new BlockWeights({ expansion: scalarOne(), input: pIn, output: scalarOne() }), mode, side));
        continue;
      }
      const pOut = rowWeights(weights, block.channelsRow, block.layer.channels.length);
      const pE = rowWeights(weights, block.expansionRow, block.expansions.length);
      const costs = block.candidates.map((candidate) => blockCost(
        candidate.block, new BlockWeights({ expansion: candidate.hasExpansion ? pE : scalarOne(), input: pIn, output: pOut }), mode, side,
      ));
      const pOp = rowWeights(weights, block.opRow, block.candidates.length);
      total = add(total, dot(pOp, stack(costs.map((c) => reshape(c, []))) as Tensor1D));
    }
    return reshape(total, []) as Scalar;
  });
}

function scalarOne(): Tensor1D {
  return tensor1d([1]);
}

/** The effective cost of one aligned block under its choice weights. */
export function blockCost(block: AlignedBlock, weights: BlockWeights, mode: MaskedCostMode, side: (sides: readonly number[]) => Tensor): Tensor {
  return layersCost(block.layers, weights, mode, side);
}

function layersCost(layers: readonly AlignedLayer[], weights: BlockWeights, mode: MaskedCostMode, side: (sides: readonly number[]) => Tensor): Tensor {
  let total: Tensor = scalar(0);
  for (const layer of layers) {
    const own = layer.primitive.cost?.(layer.widest, {
      input: { channels: weights.expect(layer.inWidth), height: side(layer.inSides), width: side(layer.inSides) },
      output: { channels: weights.expect(layer.outWidth), height: side(layer.outSides), width: side(layer.outSides) },
      value: (field) => {
        const table = layer.fields[field];
        return table === undefined ? scalar((layer.widest as unknown as Record<string, number>)[field]!) : weights.expect(table);
      },
      arithmetic: TENSOR_ARITHMETIC,
    }) ?? {};
    let cost: Tensor = (mode === 'flops' ? own.macs : own.weights) ?? scalar(0);
    for (const body of layer.bodies) cost = add(cost, layersCost(body, weights, mode, side));
    if (layer.presence !== null) cost = mul(cost, weights.expect(layer.presence));
    total = add(total, cost);
  }
  return total;
}
