import { add, dot, mul, reshape, scalar, stack, tensor1d, tidy, type Scalar, type Tensor, type Tensor1D, type Tensor2D } from '@tensorflow/tfjs-core';
import type { LinearLatencyCoefficients } from '@fbnas/core';
import type { AlignedBlock, AlignedLayer } from './masked-align';
import type { MaskedSpacePlan } from './masked-layout';
import { BlockWeights, rowWeights, TENSOR_ARITHMETIC } from './masked-weights';

/**
 * What the cost counts: `flops` (MACs, FBNetV2 Eq. 10's FLOP mode), `params` (convolution weights) or `latency`
 * (µs per batch by a linear latency model, `LinearLatencyCoefficients`, over the same effective shapes).
 */
export type MaskedCostMode = 'flops' | 'params' | 'latency';

/** How a layer's effective cost is valued: MACs, weights, or a linear latency model's µs. */
type LayerValue = { mode: 'flops' | 'params' } | { mode: 'latency'; coefficients: LinearLatencyCoefficients };

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
 * - **latency** (mode `latency`): per layer `perLayer + perMac·MACs + perOutputElement·C̄out·h̄'·w̄'`, weighted
 *   by its presence like the rest, plus the model's intercept once: so a layer that may be skipped costs its
 *   per-op overhead in proportion to the probability that it runs.
 *
 * With one-hot weights every effective value is a real one and the cost is exactly core's `countArch` MACs (or
 * conv weights; or `linearLatency` of `archLatencyFeatures`) of the derived architecture (tested on the micro
 * spaces and on `fbnetv2`, zoo models included). Differentiable in `weights`.
 *
 * @param weights - `[rows, K]`, row i a distribution over `plan.rows[i].options` (padding columns ignored).
 * @param latency - the linear latency model, required by mode `latency`.
 * @returns a scalar: MACs, weights or µs.
 */
export function maskedCost(plan: MaskedSpacePlan, weights: Tensor2D, mode: MaskedCostMode, latency?: LinearLatencyCoefficients): Scalar {
  const value = layerValue(mode, latency);
  return tidy(() => {
    const resolutions = plan.space.resolutions;
    const pR = rowWeights(weights, plan.resolutionRow, resolutions.length);
    const side = (sides: readonly number[]): Tensor => (plan.resolutionRow === null ? scalar(sides[0]!) : dot(pR, tensor1d(sides as number[])));
    let total: Tensor = scalar(value.mode === 'latency' ? value.coefficients.intercept : 0);
    for (const block of plan.blocks) {
      const { input } = block.kind === 'layer' ? block.layer : block.block;
      const pIn = rowWeights(weights, block.inputRow, input.channels.length);
      if (block.kind === 'fixed') {
        total = add(total, alignedBlockCost(block.aligned, new BlockWeights({ expansion: scalarOne(), input: pIn, output: scalarOne() }), value, side));
        continue;
      }
      const pOut = rowWeights(weights, block.channelsRow, block.layer.channels.length);
      const pE = rowWeights(weights, block.expansionRow, block.expansions.length);
      const costs = block.candidates.map((candidate) => alignedBlockCost(
        candidate.block, new BlockWeights({ expansion: candidate.hasExpansion ? pE : scalarOne(), input: pIn, output: pOut }), value, side,
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

/**
 * The effective cost of one aligned block under its choice weights: MACs, weights, or (mode `latency`, with the
 * model's coefficients) µs without the model's intercept.
 */
export function blockCost(
  block: AlignedBlock, weights: BlockWeights, mode: MaskedCostMode, side: (sides: readonly number[]) => Tensor, latency?: LinearLatencyCoefficients,
): Tensor {
  return alignedBlockCost(block, weights, layerValue(mode, latency), side);
}

/**
 * Its layers' cost; in latency mode also the top-level residual an op's plan has for some choices (the aligned plan
 * keeps its body's layers and the residual apart): one layer writing the block's output, weighted by its probability.
 */
function alignedBlockCost(block: AlignedBlock, weights: BlockWeights, value: LayerValue, side: (sides: readonly number[]) => Tensor): Tensor {
  const layers = layersCost(block.layers, weights, value, side);
  const last = block.layers.at(-1);
  if (value.mode !== 'latency' || block.residual === null || last === undefined) return layers;
  const { perLayer, perOutputElement } = value.coefficients;
  const outputSide = side(last.outSides);
  const written = mul(mul(weights.expect(block.outWidth), outputSide), outputSide);
  return add(layers, mul(weights.expect(block.residual), add(scalar(perLayer), mul(written, perOutputElement))));
}

function layerValue(mode: MaskedCostMode, latency: LinearLatencyCoefficients | undefined): LayerValue {
  if (mode !== 'latency') return { mode };
  if (latency === undefined) throw new Error('maskedCost: mode \'latency\' needs the latency model\'s coefficients');
  return { mode, coefficients: latency };
}

function layersCost(layers: readonly AlignedLayer[], weights: BlockWeights, value: LayerValue, side: (sides: readonly number[]) => Tensor): Tensor {
  let total: Tensor = scalar(0);
  for (const layer of layers) {
    const output = { channels: weights.expect(layer.outWidth), height: side(layer.outSides), width: side(layer.outSides) };
    const own = layer.primitive.cost?.(layer.widest, {
      input: { channels: weights.expect(layer.inWidth), height: side(layer.inSides), width: side(layer.inSides) },
      output,
      value: (field) => {
        const table = layer.fields[field];
        return table === undefined ? scalar((layer.widest as unknown as Record<string, number>)[field]!) : weights.expect(table);
      },
      arithmetic: TENSOR_ARITHMETIC,
    }) ?? {};
    let cost: Tensor;
    if (value.mode === 'latency') {
      const { perLayer, perMac, perOutputElement } = value.coefficients;
      const written = mul(mul(output.channels, output.height), output.width);
      cost = add(add(scalar(perLayer), mul(own.macs ?? scalar(0), perMac)), mul(written, perOutputElement));
    } else {
      cost = (value.mode === 'flops' ? own.macs : own.weights) ?? scalar(0);
    }
    for (const body of layer.bodies) cost = add(cost, layersCost(body, weights, value, side));
    if (layer.presence !== null) cost = mul(cost, weights.expect(layer.presence));
    total = add(total, cost);
  }
  return total;
}
