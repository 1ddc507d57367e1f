import {
  add, dot, unstack, mul, pad, reshape, slice, sub, tensor1d, tensor2d, tidy, matMul,
  type Tensor, type Tensor1D, type Tensor2D, type Tensor4D, type Variable,
} from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { OpSpecRegistry } from '@fbnas/core';
import {
  applyChannelMask, channelIndicator, channelMask, createMaskedInvertedResidual, createMaskedIrPool, disposeMaskedInvertedResidual,
  disposeMaskedIrPool, maskedInvertedResidual, maskedIrPool, mixResolutions, subsample, type MaskedInvertedResidual, type MaskedIrPool,
} from '@fbnas/gumbel';
import { buildPlanModel } from '@fbnas/ops';
import { convUnit, createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import type { MaskSearchSpace } from '@fbnas/search-space';
import { comboWeights, rowWeights, sameWidth } from './masked-cost';
import { planMaskedSpace, type MaskedCombo, type MaskedLayerPlan, type MaskedSpacePlan } from './masked-layout';
import { planEntry, planHead } from './plan-entry';
import { createTheta, type Supernet } from './supernet';

/** A DMaskingNAS supernet: a `Supernet` whose θ rows are the space's choice rows, plus its plan. */
export interface MaskedSupernet extends Supernet {
  /** The planned space (rows, blocks, cost tables). */
  readonly plan: MaskedSpacePlan;
}

/**
 * Constant maps from a layer's (expansion, input width) combinations to a masked block's options: `[combos,
 * K_hidden]` hidden width; with pw-less combinations, the same restricted to those with a pw conv and a `[combos]`
 * 0/1 vector of those without; with SE, `[combos, K_se]` SE hidden width. Shared by the candidates whose
 * combinations agree (e.g. every `ir` candidate of a layer).
 */
interface ComboMaps {
  toHidden: Tensor2D;
  toPwHidden: Tensor2D | null;
  bypass: Tensor1D | null;
  toSe: Tensor2D | null;
}

/** One forward pass's weights over a `ComboMaps`' options. */
interface ComboWeights {
  hidden: Tensor1D;
  pw?: Tensor1D;
  bypass?: Tensor;
  se?: Tensor1D;
}

type Runner =
  | { kind: 'fixed'; model: LayersModel }
  | {
      kind: 'layer';
      plan: MaskedLayerPlan;
      outIndicator: Tensor2D;
      candidates: (
        | { kind: 'conv'; model: LayersModel }
        | { kind: 'ir'; block: MaskedInvertedResidual; maps: ComboMaps; residual: boolean }
        | { kind: 'irPool'; block: MaskedIrPool; maps: ComboMaps }
        | { kind: 'skip'; model: LayersModel; identity: boolean }
      )[];
    };

/**
 * Builds FBNetV2's masked supernet (DMaskingNAS, fbnet-methods §2.2–2.4, §5.2) for a mask space. Every
 * searchable layer is built **once per op candidate at its widest widths**; output widths and expansions are
 * searched by channel masks (`M = Σᵢ gᵢ·𝟙ᵢ`), so adding width or expansion options adds no convolution.
 *
 * - **Widths.** A layer's output mask weights its channel options; its input is the previous layer's masked
 *   output (exact zeros beyond the chosen width). An `ir` candidate's hidden-width mask weights every
 *   (expansion, input width) pair by `g_e·g_in`, each keeping `makeDivisible(in·e, d)` channels.
 * - **No pw conv.** Where a pair's hidden width equals its input width (no `alwaysPw`), the derived block has
 *   no pw conv: the depthwise input is `pwPath·M_pw + fit(x, H)·s`, `M_pw` the hidden mask of the pairs that
 *   have a pw conv and `s` the total weight of those that do not (`maskedInvertedResidual`'s `optionalPw`).
 * - **Squeeze-excite** (`_se`, `_sehsig`): a masked SE after the dw unit, its hidden width per pair
 *   `makeDivisible(floor(hidden·r), d)` (`maskedSqueezeExcite`).
 * - **`ir_pool`**: `maskedIrPool` (pw → BN → act → ×M_hidden → pool → pwl → act → ×M_out); what follows it runs
 *   on 1×1 maps.
 * - **Residuals and skip.** The derived `ir` adds its input when input and output widths agree (stride 1);
 *   the supernet adds the input weighted by that probability, `Σ_c g_in(c)·g_out(c)`. `skip` is that same
 *   weight times the identity plus the rest times its 1×1 projection (always the projection when strided).
 * - **Resolution.** Chosen once for the whole network: every candidate side r runs the shared-weight network
 *   on the dense nearest-neighbour subsample of the input (`subsample`: pixel i ← `floor(i·S/r)`), so every
 *   later strided layer sees a dense map and keeps its receptive field (no contaminated positions); the paths
 *   meet after global pooling, where `placeOnGrid` is the 1×1 identity, as `Σᵣ gᵣ·logitsᵣ` (`mixResolutions`
 *   with the network as the op). Compute and activation memory grow with `Σ r²/S²` (sub-linearly); weights do not.
 * - **Batch norm** uses the batch's statistics (as in the search), so masking never changes kept channels.
 *
 * With one-hot weights it computes exactly the derived architecture's function with the widest weights' leading
 * slices (tested).
 *
 * @example
 * const supernet = createMaskedSupernet(loadMaskSpace('fbnetv2-micro-28'), 0);
 * const logits = supernet.forward(x, { mask, training: true, mode: 'all' }); // mask: [rows, K]
 */
export function createMaskedSupernet(space: MaskSearchSpace, seed = 0, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): MaskedSupernet {
  const plan = planMaskedSpace(space, ops);
  const side = space.inputSize;
  const basicArgs = space.definition.basicArgs;
  const models: { key: string; model: LayersModel }[] = [];
  const irBlocks: { key: string; block: MaskedInvertedResidual }[] = [];
  const poolBlocks: { key: string; block: MaskedIrPool }[] = [];
  const constants: Tensor[] = [];
  const comboMaps = new Map<string, ComboMaps>();
  /** The (shared) constant maps of a candidate's combinations onto its hidden (and SE hidden) options. */
  const mapsFor = (combos: readonly MaskedCombo[], hidden: readonly number[], seHidden: readonly number[] | null): ComboMaps => {
    const optionalPw = combos.some((c) => !c.pw);
    const key = JSON.stringify([combos.map((c) => [c.hidden, c.pw, c.seHidden]), hidden, seHidden]);
    const known = comboMaps.get(key);
    if (known) return known;
    const indicator = (value: number, options: readonly number[]) => options.map((o) => (o === value ? 1 : 0));
    const maps: ComboMaps = {
      toHidden: tensor2d(combos.map((combo) => indicator(combo.hidden, hidden))),
      toPwHidden: optionalPw ? tensor2d(combos.map((combo) => indicator(combo.pw ? combo.hidden : -1, hidden))) : null,
      bypass: optionalPw ? tensor1d(combos.map((combo) => (combo.pw ? 0 : 1))) : null,
      toSe: seHidden === null ? null : tensor2d(combos.map((combo) => indicator(combo.seHidden!, seHidden))),
    };
    for (const t of [maps.toHidden, maps.toPwHidden, maps.bypass, maps.toSe]) if (t !== null) constants.push(t);
    comboMaps.set(key, maps);
    return maps;
  };
  const build = (key: string, layers: ReturnType<typeof planEntry>['plan'], channels: number) => {
    const model = buildPlanModel([{ path: key, plan: layers }], { height: side, width: side, channels }, { name: key, seed: seed * 1000 + models.length * 50 });
    models.push({ key, model });
    return model;
  };
  const runners: Runner[] = plan.blocks.map((block): Runner => {
    const shape = { height: side, width: side, channels: block.maxIn };
    if (block.kind === 'fixed') {
      const planned = block.entry === null ? planHead(shape, space.numClasses, ops) : planEntry(block.entry, shape, basicArgs, ops);
      return { kind: 'fixed', model: build(block.block.path, planned.plan, block.maxIn) };
    }
    const { layer } = block;
    const outIndicator = channelIndicator(layer.channels, block.maxOut);
    constants.push(outIndicator);
    const sameWidthPossible = layer.stride === 1 && layer.input.channels.some((c) => layer.channels.includes(c));
    const candidates = block.candidates.map((candidate, index) => {
      const key = `${layer.id}.${candidate.name}`;
      if (candidate.kind === 'conv') return { kind: 'conv' as const, model: build(key, planEntry(candidate.entry, shape, basicArgs, ops).plan, block.maxIn) };
      if (candidate.kind === 'skip') {
        const projection = convUnit({
          prefix: 'conv', inChannels: block.maxIn, outChannels: block.maxOut, kernel: 1, stride: layer.stride, groups: 1,
          bias: false, batchNorm: true, activation: 'relu',
        });
        return { kind: 'skip' as const, model: build(key, projection, block.maxIn), identity: sameWidthPossible };
      }
      if (candidate.kind === 'irPool') {
        const poolBlock = createMaskedIrPool({
          inChannels: block.maxIn, hiddenOptions: candidate.hidden, outputOptions: layer.channels, activation: candidate.activation,
          optionalPw: candidate.optionalPw, seed: seed * 1000 + 900 + poolBlocks.length * 7 + index,
        });
        poolBlocks.push({ key, block: poolBlock });
        return { kind: 'irPool' as const, block: poolBlock, maps: mapsFor(candidate.combos, candidate.hidden, null) };
      }
      const irBlock = createMaskedInvertedResidual({
        inChannels: block.maxIn, hiddenOptions: candidate.hidden, outputOptions: layer.channels, kernel: candidate.kernel,
        stride: layer.stride, activation: candidate.activation, seed: seed * 1000 + 500 + irBlocks.length * 7 + index,
        ...(candidate.optionalPw ? { optionalPw: true } : {}),
        ...(candidate.se === null ? {} : { se: { hiddenOptions: candidate.se.hidden, gate: candidate.se.gate } }),
      });
      irBlocks.push({ key, block: irBlock });
      return { kind: 'ir' as const, block: irBlock, maps: mapsFor(candidate.combos, candidate.hidden, candidate.se?.hidden ?? null), residual: sameWidthPossible };
    });
    return { kind: 'layer', plan: block, outIndicator, candidates };
  });

  const rows = plan.rows;
  const { theta, thetaMask } = createTheta(rows.map((row) => row.options.length), `fbnas_mask_theta_${seed}`);
  const weights = [
    ...models.flatMap(({ model }) => model.trainableWeights.map((w) => w.read() as Variable)),
    ...irBlocks.flatMap(({ block }) => block.variables),
    ...poolBlocks.flatMap(({ block }) => block.variables),
  ];
  const kernels = [
    ...models.flatMap(({ model }) => model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.read() as Variable)),
    ...irBlocks.flatMap(({ block }) => [block.pw.kernel, block.dw.kernel, block.pwl.kernel, ...(block.se ? [block.se.reduce.kernel, block.se.expand.kernel] : [])]),
    ...poolBlocks.flatMap(({ block }) => [block.pw.kernel, block.pwl.kernel]),
  ];

  /** Every searchable layer's weights for one forward pass, computed once and shared by the resolution paths. */
  const layerWeights = (mask: Tensor2D) => runners.map((runner) => {
    if (runner.kind === 'fixed') return null;
    const { plan: block, outIndicator } = runner;
    const { layer } = block;
    const pIn = rowWeights(mask, block.inputRow, layer.input.channels.length);
    const pOut = rowWeights(mask, block.channelsRow, layer.channels.length);
    const pCombo = reshape(comboWeights(rowWeights(mask, block.expansionRow, block.expansions.length), pIn), [1, -1]);
    const combos = new Map<ComboMaps, ComboWeights>();
    for (const candidate of runner.candidates) {
      if ((candidate.kind !== 'ir' && candidate.kind !== 'irPool') || combos.has(candidate.maps)) continue;
      const { maps } = candidate;
      const computed: ComboWeights = { hidden: reshape(matMul(pCombo, maps.toHidden), [-1]) as Tensor1D };
      if (maps.toPwHidden !== null) computed.pw = reshape(matMul(pCombo, maps.toPwHidden), [-1]) as Tensor1D;
      if (maps.bypass !== null) computed.bypass = dot(reshape(pCombo, [-1]), maps.bypass);
      if (maps.toSe !== null) computed.se = reshape(matMul(pCombo, maps.toSe), [-1]) as Tensor1D;
      combos.set(maps, computed);
    }
    return {
      pOut,
      outMask: channelMask(pOut, outIndicator),
      same: sameWidth(pIn, pOut, layer.input.channels, layer.channels),
      ops: runner.candidates.length > 1 ? unstack(rowWeights(mask, block.opRow, layer.candidates.length)) : [],
      combos,
    };
  });

  /** The network on one (already subsampled) input: logits `[N, classes]`. */
  const network = (x: Tensor4D, weightsOfLayers: ReturnType<typeof layerWeights>, training: boolean): Tensor => {
    let h: Tensor4D = x;
    runners.forEach((runner, index) => {
      if (runner.kind === 'fixed') {
        h = runner.model.apply(h, { training }) as Tensor4D;
        return;
      }
      const { pOut, outMask, same, ops, combos } = weightsOfLayers[index]!;
      const input = runner.candidates.some((c) => (c.kind === 'skip' ? c.identity : c.kind === 'ir' && c.residual)) ? fitChannels(h, runner.plan.maxOut) : h;
      const outputs = runner.candidates.map((candidate): Tensor4D => {
        if (candidate.kind === 'conv') return applyChannelMask(candidate.model.apply(h, { training }) as Tensor4D, outMask);
        if (candidate.kind === 'skip') {
          const projected = applyChannelMask(candidate.model.apply(h, { training }) as Tensor4D, outMask);
          return candidate.identity ? (add(mul(input, same), mul(projected, sub(1, same))) as Tensor4D) : projected;
        }
        const combo = combos.get(candidate.maps)!;
        if (candidate.kind === 'irPool') return maskedIrPool(h, candidate.block, { ...combo, output: pOut });
        const y = maskedInvertedResidual(h, candidate.block, { ...combo, output: pOut });
        return candidate.residual ? (add(y, mul(input, same)) as Tensor4D) : y;
      });
      h = outputs.length === 1 ? outputs[0]! : (outputs.map((y, i) => mul(y, ops[i]!)).reduce((a, b) => add(a, b)) as Tensor4D);
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
          return network(only === input.shape[1] ? input : subsample(input, only), layerWeights(mask), training);
        }
        const classes = space.numClasses;
        const pR = rowWeights(mask, plan.resolutionRow, space.resolutions.length);
        const weightsOfLayers = layerWeights(mask);
        const op = (t: Tensor4D) => reshape(network(t, weightsOfLayers, training), [t.shape[0], 1, 1, classes]) as Tensor4D;
        return reshape(mixResolutions(input, op, space.resolutions, pR, { outputSize: 1 }), [input.shape[0], classes]);
      });
    },
    namedVariables() {
      const named = new Map<string, Variable>();
      for (const { key, model } of models) for (const w of model.weights) named.set(`${key}|${w.originalName}`, w.read() as Variable);
      for (const { key, block } of irBlocks) {
        for (const unit of ['pw', 'dw', 'pwl'] as const) {
          named.set(`${key}|${unit}.kernel`, block[unit].kernel);
          named.set(`${key}|${unit}.scale`, block[unit].scale);
          named.set(`${key}|${unit}.offset`, block[unit].offset);
        }
        if (block.se) {
          for (const unit of ['reduce', 'expand'] as const) {
            named.set(`${key}|se.${unit}.kernel`, block.se[unit].kernel);
            named.set(`${key}|se.${unit}.bias`, block.se[unit].bias);
          }
        }
      }
      for (const { key, block } of poolBlocks) {
        named.set(`${key}|pw.kernel`, block.pw.kernel);
        named.set(`${key}|pw.scale`, block.pw.scale);
        named.set(`${key}|pw.offset`, block.pw.offset);
        named.set(`${key}|pwl.kernel`, block.pwl.kernel);
      }
      named.set('theta', theta);
      return named;
    },
    dispose() {
      for (const { model } of models) model.dispose();
      for (const { block } of irBlocks) disposeMaskedInvertedResidual(block);
      for (const { block } of poolBlocks) disposeMaskedIrPool(block);
      for (const t of constants) t.dispose();
      theta.dispose();
      thetaMask.dispose();
    },
  };
}

/** Pads (with zero channels) or cuts an NHWC map to `channels` channels. */
function fitChannels(x: Tensor4D, channels: number): Tensor4D {
  const have = x.shape[3];
  if (have === channels) return x;
  if (have < channels) return pad(x, [[0, 0], [0, 0], [0, 0], [0, channels - have]]);
  return slice(x, [0, 0, 0, 0], [-1, -1, -1, channels]);
}
