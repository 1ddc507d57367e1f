import {
  add, mul, reshape, tensor2d, tidy, unstack, type Tensor, type Tensor1D, type Tensor2D, type Tensor4D, type Variable,
} from '@tensorflow/tfjs-core';
import type { OpSpecRegistry } from '@fbnas/core';
import { mixResolutions, subsample } from '@fbnas/gumbel';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import type { MaskSearchSpace } from '@fbnas/search-space';
import { createMaskedBlock, createMaskedBlockContext, disposeMaskedBlockContext } from './masked-block';
import { planMaskedSpace, type MaskedSpacePlan } from './masked-layout';
import { BlockWeights, rowWeights } from './masked-weights';
import { createTheta, type Supernet } from './supernet';

/** A DMaskingNAS supernet: a `Supernet` whose θ rows are the space's choice rows, plus its plan. */
export interface MaskedSupernet extends Supernet {
  /** The planned space (rows, blocks, aligned candidates). */
  readonly plan: MaskedSpacePlan;
}

/**
 * Builds FBNetV2's masked supernet (DMaskingNAS, fbnet-methods §2.2–2.4, §5.2) for a mask space, for any op of the
 * registry. Every candidate is planned over its expansion, input width and output width and aligned
 * (`planMaskedSpace`), then **built once at its widest**: each layer of the aligned plan is one tfjs layer at its
 * widest width (built by its plan primitive, as in retrained models), and the searched widths are channel masks
 * `M = Σ P(layout)·𝟙(layout)`, so adding width or expansion options adds no convolution.
 *
 * - **Masks.** A tensor's live channels at any point are a table over the choices (leading channels, or, after a
 *   concat, each branch's leading channels at its offset). A mask is applied before every layer that mixes channels
 *   (dense convolutions) when the tensor may hold non-zero values in dead channels (after batch norm, or a layer
 *   that creates channels), and at the block's end, so the next block sees exact zeros beyond the chosen width.
 *   Channel-wise layers (batch norm, activations, depthwise convolutions, pooling, squeeze-excite's scale) need none.
 * - **Layers some choices lack** (an inverted residual's pw conv where the hidden width equals the input width, a
 *   skip's projection where the widths agree): `P·f(x) + (1 − P)·x` with P the probability the layer exists.
 * - **Residuals**: the block adds its input weighted by the probability that the op's plan has the residual
 *   (e.g. `Σ_c g_in(c)·g_out(c)` when it needs equal widths).
 * - **Resolution.** Chosen once for the whole network: every candidate side r runs the shared-weight network on the
 *   dense nearest-neighbour subsample of the input (`subsample`: pixel i ← `floor(i·S/r)`), so every later strided
 *   layer sees a dense map; the paths meet after global pooling as `Σᵣ gᵣ·logitsᵣ` (`mixResolutions`). Compute and
 *   activation memory grow with `Σ r²/S²` (sub-linearly); weights do not.
 * - **Batch norm** uses the batch's statistics (as in the search), so masking never changes kept channels.
 *
 * With one-hot weights it computes exactly the derived architecture's function with the widest weights' leading
 * slices (tested), its variables named `${layer}.${candidate}|${layer}.${candidate}.${name}/kernel` (fixed blocks:
 * `${path}|${path}.${name}/kernel`).
 *
 * @example
 * const supernet = createMaskedSupernet(loadMaskSpace('fbnetv2-micro-28'), 0);
 * const logits = supernet.forward(x, { mask, training: true, mode: 'all' }); // mask: [rows, K]
 */
export function createMaskedSupernet(space: MaskSearchSpace, seed = 0, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): MaskedSupernet {
  const plan = planMaskedSpace(space, ops);
  const context = createMaskedBlockContext(space.inputSize, plan.primitives, seed);
  const runners = plan.blocks.map((block) => (block.kind === 'fixed'
    ? { kind: 'fixed' as const, block: createMaskedBlock(block.block.path, block.aligned, context) }
    : { kind: 'layer' as const, blocks: block.candidates.map((candidate) => createMaskedBlock(`${block.layer.id}.${candidate.name}`, candidate.block, context)) }));

  const rows = plan.rows;
  const { theta, thetaMask } = createTheta(rows.map((row) => row.options.length), `fbnas_mask_theta_${seed}`);
  const models = context.models;
  const weights = models.flatMap(({ model }) => model.trainableWeights.map((w) => w.read() as Variable));
  const kernels = models.flatMap(({ model }) => model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.read() as Variable));

  /** The network on one (already subsampled) input: logits `[N, classes]`. */
  const network = (x: Tensor4D, mask: Tensor2D, training: boolean): Tensor => {
    let h: Tensor = x;
    plan.blocks.forEach((block, index) => {
      const entry = runners[index]!;
      const pIn = rowWeights(mask, block.inputRow, (block.kind === 'layer' ? block.layer : block.block).input.channels.length);
      if (entry.kind === 'fixed') {
        h = entry.block.apply(h, new BlockWeights({ expansion: one(), input: pIn, output: one() }), training);
        return;
      }
      if (block.kind !== 'layer') return;
      const pOut = rowWeights(mask, block.channelsRow, block.layer.channels.length);
      const pE = rowWeights(mask, block.expansionRow, block.expansions.length);
      const outputs = entry.blocks.map((candidate, c) => candidate.apply(
        h, new BlockWeights({ expansion: block.candidates[c]!.hasExpansion ? pE : one(), input: pIn, output: pOut }), training,
      ));
      if (outputs.length === 1) {
        h = outputs[0]!;
        return;
      }
      const pOp = unstack(rowWeights(mask, block.opRow, block.candidates.length));
      h = outputs.map((y, i) => mul(y, pOp[i]!)).reduce((a, b) => add(a, b));
    });
    return h;
  };

  return {
    plan,
    layerIds: rows.map((row) => row.id),
    candidateNames: rows.map((row) => row.options.map(String)),
    theta,
    thetaMask,
    weights,
    kernels,
    forward(x, { mask: anyMask, training }) {
      if (anyMask.rank !== 2) throw new Error(`masked supernet: expected a [rows, K] mask, got shape [${anyMask.shape}] (one mask per batch)`);
      const mask = anyMask as Tensor2D;
      return tidy(() => {
        const input = x as Tensor4D;
        if (plan.resolutionRow === null) {
          const only = space.resolutions[0]!;
          return network(only === input.shape[1] ? input : subsample(input, only), mask, training);
        }
        const classes = space.numClasses;
        const pR = rowWeights(mask, plan.resolutionRow, space.resolutions.length);
        const op = (t: Tensor4D) => reshape(network(t, mask, training), [t.shape[0], 1, 1, classes]) as Tensor4D;
        return reshape(mixResolutions(input, op, space.resolutions, pR, { outputSize: 1 }), [input.shape[0], classes]);
      });
    },
    namedVariables() {
      const named = new Map<string, Variable>();
      for (const { key, model } of models) for (const w of model.weights) named.set(`${key}|${w.originalName}`, w.read() as Variable);
      named.set('theta', theta);
      return named;
    },
    dispose() {
      disposeMaskedBlockContext(context);
      theta.dispose();
      thetaMask.dispose();
    },
  };
}

function one(): Tensor1D {
  return reshape(tensor2d([[1]]), [1]) as Tensor1D;
}
