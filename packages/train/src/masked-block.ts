import {
  add, concat, matMul, mul, pad, reshape, slice, sub, tensor2d,
  type Tensor, type Tensor2D, type Variable,
} from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { PlanPrimitiveRegistry } from '@fbnas/core';
import { buildPlanModel } from '@fbnas/ops';
import { layoutRuns } from './channel-layout';
import type { ChoiceTable } from './choice-table';
import type { AlignedBlock, AlignedLayer } from './masked-align';
import type { BlockWeights } from './masked-weights';

/** The constant parts of a channel mask over a layout table: `M = (joint · grouping) · indicator`. */
interface MaskConstants {
  table: ChoiceTable<string>;
  /** `[grid, distinct layouts]` 0/1. */
  grouping: Tensor2D;
  /** `[distinct layouts, widest]` 0/1. */
  indicator: Tensor2D;
}

/** One step of a block's run: a leaf layer, a nested layer, or an optional segment. */
type Step =
  | { kind: 'leaf'; model: LayersModel; widestIn: number; maskBefore: MaskConstants | null; batchNorm: boolean }
  | { kind: 'squeezeExcite'; body: Step[] }
  | { kind: 'residual'; body: Step[] }
  | { kind: 'concat'; branches: { steps: Step[]; widest: number }[] }
  | { kind: 'optional'; presence: ChoiceTable<number>; steps: Step[]; widest: number };

/** Shared state of the masked blocks of one supernet: mask constants are built once per distinct layout table. */
export interface MaskedBlockContext {
  /** Input side (pixels) the layers are built at. */
  side: number;
  /** The layer kinds. */
  primitives: PlanPrimitiveRegistry;
  /** Base seed of the weight initializers. */
  seed: number;
  /** Built so far (models are numbered in build order for their seeds). */
  readonly models: { key: string; model: LayersModel }[];
  readonly constants: Tensor[];
  readonly masks: Map<string, MaskConstants | null>;
}

/** A new context for masked blocks built at `side` pixels. */
export function createMaskedBlockContext(side: number, primitives: PlanPrimitiveRegistry, seed = 0): MaskedBlockContext {
  return { side, primitives, seed, models: [], constants: [], masks: new Map() };
}

/** One block (a candidate, a fixed block) built once at its widest, run at any choice weights. */
export interface MaskedBlock {
  /** Variable prefix: the block's layers are named `${key}.${layer name}`. */
  readonly key: string;
  /** Its tfjs layers, one model per aligned layer. */
  readonly models: readonly LayersModel[];
  /** Trainable variables. */
  readonly variables: readonly Variable[];
  /**
   * Runs the block on `x` (channels-last, its widest input width, zero beyond the live channels) under the choice
   * weights; returns its widest output, zero beyond the chosen width. Call inside `tidy` (with the weights made
   * there: they cache joint distributions).
   */
  apply(x: Tensor, weights: BlockWeights, training: boolean): Tensor;
}

/**
 * Builds one aligned block at its widest: each aligned layer is one tfjs layer built by its plan primitive, with
 * the channel masks, optional-layer mixing and residual weighting described in `createMaskedSupernet`.
 *
 * @throws Error for a nested layer kind other than residual, squeeze-excite and concat.
 * @example
 * const context = createMaskedBlockContext(16, planPrimitivesOf(ops));
 * const block = createMaskedBlock('b', alignBlock({ ... }), context);
 * const y = tidy(() => block.apply(x, new BlockWeights({ expansion, input, output }), true));
 */
export function createMaskedBlock(key: string, aligned: AlignedBlock, context: MaskedBlockContext): MaskedBlock {
  const first = context.models.length;
  const { steps } = buildSteps(key, aligned.layers, false, context);
  const outMask = maskFor(aligned.outLayout, aligned.widestOut, context);
  const compaction = compactionFor(aligned.outLayout, aligned.widestOut, context);
  // A block ending in batch norm at its widest output takes the output mask as the norm's channel scale (γ·M, β·M):
  // the same values without another activation-size tensor.
  const last = steps.at(-1);
  const fused = outMask !== null && last?.kind === 'leaf' && last.batchNorm && last.widestIn === aligned.widestOut ? last : null;
  const models = context.models.slice(first).map((m) => m.model);
  return {
    key,
    models,
    variables: models.flatMap((model) => model.trainableWeights.map((w) => w.read() as Variable)),
    apply(x, weights, training) {
      let y: Tensor;
      if (fused !== null) {
        const h = runSteps(steps.slice(0, -1), x, weights, training);
        const scale = maskVector(outMask!, weights);
        y = fused.model.layers[1]!.apply(fitChannels(h, fused.widestIn), { training, scale }) as Tensor;
      } else {
        y = fitChannels(runSteps(steps, x, weights, training), aligned.widestOut);
        if (outMask !== null) y = applyMask(y, outMask, weights);
      }
      if (compaction !== null) y = compact(y, compaction, weights);
      if (aligned.residual !== null) y = add(y, mul(fitChannels(x, aligned.widestOut), weights.expect(aligned.residual)));
      return y;
    },
  };
}

/**
 * The permutations that bring a block's live output channels to the leading positions, where its output layout is
 * not a prefix for some choices (after a concat: each branch's leading channels at the branch's offset). Blocks
 * meet at prefix layouts, so the next block (and a residual) reads channel i at position i whatever op was chosen.
 * `[distinct layouts, widest²]`, row L the flattened `[widest, widest]` 0/1 matrix moving live position j to i.
 */
function compactionFor(table: ChoiceTable<string>, widest: number, context: MaskedBlockContext): { table: ChoiceTable<string>; grouping: Tensor2D; permutations: Tensor2D } | null {
  const distinct = [...new Set(table.values)];
  const isPrefix = (layout: string) => { const runs = layoutRuns(layout); return runs.length <= 1 && (runs[0]?.[0] ?? 0) === 0; };
  if (distinct.every(isPrefix)) return null;
  const grouping = tensor2d(table.values.map((layout) => distinct.map((d) => (d === layout ? 1 : 0))), [table.values.length, distinct.length]);
  const permutations = tensor2d(distinct.map((layout) => {
    const matrix = new Array<number>(widest * widest).fill(0);
    let i = 0;
    for (const [a, b] of layoutRuns(layout)) for (let j = a; j < b; j++) matrix[j * widest + i++] = 1;
    return matrix;
  }), [distinct.length, widest * widest]);
  context.constants.push(grouping, permutations);
  return { table, grouping, permutations };
}

/** `y · Σ_L P(L)·Perm_L` over the channel axis. */
function compact(y: Tensor, constants: { table: ChoiceTable<string>; grouping: Tensor2D; permutations: Tensor2D }, choice: BlockWeights): Tensor {
  const widest = y.shape[y.rank - 1]!;
  const joint = reshape(choice.joint(constants.table.deps), [1, -1]);
  const permutation = reshape(matMul(matMul(joint, constants.grouping), constants.permutations), [widest, widest]);
  return reshape(matMul(reshape(y, [-1, widest]), permutation), y.shape);
}

/** Disposes everything the blocks of a context built (models and mask constants). */
export function disposeMaskedBlockContext(context: MaskedBlockContext): void {
  for (const { model } of context.models) model.dispose();
  for (const t of context.constants) t.dispose();
}

/** The mask constants of a layout table over a `widest`-channel tensor, or null when every channel is always live. */
function maskFor(table: ChoiceTable<string>, widest: number, context: MaskedBlockContext): MaskConstants | null {
  const key = JSON.stringify([table, widest]);
  if (context.masks.has(key)) return context.masks.get(key)!;
  const distinct = [...new Set(table.values)];
  let result: MaskConstants | null = null;
  if (!(distinct.length === 1 && distinct[0] === `0-${widest}`)) {
    const grouping = tensor2d(table.values.map((layout) => distinct.map((d) => (d === layout ? 1 : 0))), [table.values.length, distinct.length]);
    const indicator = tensor2d(distinct.map((layout) => {
      const row = new Array<number>(widest).fill(0);
      for (const [a, b] of layoutRuns(layout)) for (let c = a; c < Math.min(b, widest); c++) row[c] = 1;
      return row;
    }), [distinct.length, widest]);
    context.constants.push(grouping, indicator);
    result = { table, grouping, indicator };
  }
  context.masks.set(key, result);
  return result;
}

/** Builds the steps of aligned layers; `dirty`: whether dead channels may be non-zero on entry. */
function buildSteps(key: string, layers: readonly AlignedLayer[], dirtyIn: boolean, context: MaskedBlockContext): { steps: Step[]; dirty: boolean } {
    const steps: Step[] = [];
    let dirty = dirtyIn;
    let index = 0;
    while (index < layers.length) {
      const layer = layers[index]!;
      if (layer.presence !== null) {
        // An optional segment: the following layers that exist for exactly the same choices.
        const presenceKey = JSON.stringify(layer.presence);
        let end = index;
        while (end < layers.length && layers[end]!.presence !== null && JSON.stringify(layers[end]!.presence) === presenceKey) end++;
        const segment = layers.slice(index, end).map((l) => ({ ...l, presence: null }));
        const built = buildSteps(key, segment, dirty, context);
        steps.push({ kind: 'optional', presence: layer.presence, steps: built.steps, widest: segment.at(-1)!.widestOut });
        dirty = dirty || built.dirty;
        index = end;
        continue;
      }
      if (layer.kind === 'squeezeExcite') {
        steps.push({ kind: 'squeezeExcite', body: buildSteps(key, layer.bodies[0]!, dirty, context).steps });
      } else if (layer.kind === 'residual') {
        const body = buildSteps(key, layer.bodies[0]!, dirty, context);
        steps.push({ kind: 'residual', body: body.steps });
        dirty = dirty || body.dirty;
      } else if (layer.kind === 'concat') {
        const branches = layer.bodies.map((branch) => ({ ...buildSteps(key, branch, dirty, context), widest: branch.at(-1)?.widestOut ?? layer.widestIn }));
        steps.push({ kind: 'concat', branches: branches.map(({ steps: s, widest }) => ({ steps: s, widest })) });
        dirty = branches.some((b) => b.dirty);
      } else if (layer.bodies.length > 0) {
        throw new Error(`${key}: layer '${layer.key}': the masked supernet cannot run the nested kind '${layer.kind}'`);
      } else {
        const maskBefore = !layer.channelwise && dirty ? maskFor(layer.inLayout, layer.widestIn, context) : null;
        if (maskBefore !== null || !layer.channelwise) dirty = false;
        const model = buildPlanModel(
          [{ path: key, plan: [layer.widest] }],
          { height: context.side, width: context.side, channels: layer.widestIn },
          { name: `${key}:${layer.key}`, seed: context.seed * 1000 + context.models.length * 50, primitives: context.primitives },
        );
        context.models.push({ key, model });
        steps.push({ kind: 'leaf', model, widestIn: layer.widestIn, maskBefore, batchNorm: layer.kind === 'batchNorm' });
        if (!keepsZeros(layer)) dirty = true;
      }
      index++;
    }
    return { steps, dirty };
  }

/** Runs a block's steps on `h` under its choice weights. */
function runSteps(steps: readonly Step[], input: Tensor, choice: BlockWeights, training: boolean): Tensor {
  return steps.reduce((h, step) => {
  switch (step.kind) {
    case 'leaf': {
      let x = fitChannels(h, step.widestIn);
      if (step.maskBefore !== null) x = applyMask(x, step.maskBefore, choice);
      return step.model.apply(x, { training }) as Tensor;
    }
    case 'squeezeExcite':
      return mul(h, runSteps(step.body, h, choice, training));
    case 'residual':
      return add(h, runSteps(step.body, h, choice, training));
    case 'concat':
      return concat(step.branches.map((branch) => fitChannels(runSteps(branch.steps, h, choice, training), branch.widest)), -1);
    default: {
      const p = choice.expect(step.presence);
      const y = runSteps(step.steps, h, choice, training);
      return add(mul(y, p), mul(fitChannels(h, step.widest), sub(1, p)));
    }
  }
}, input);
}

/** Whether a layer keeps exact zeros in dead channels zero (so no mask is needed after it). */
function keepsZeros(layer: AlignedLayer): boolean {
  if (layer.kind === 'activation') return ['relu', 'hswish'].includes((layer.widest as unknown as { activation: string }).activation);
  if (layer.kind === 'pool' || layer.kind === 'globalAveragePool' || layer.kind === 'flatten') return true;
  return layer.kind === 'conv' && layer.channelwise;
}

/** The `[widest]` mask of a layout table under the block's choice weights. */
function maskVector(constants: MaskConstants, choice: BlockWeights): Tensor {
  const joint = reshape(choice.joint(constants.table.deps), [1, -1]);
  return reshape(matMul(matMul(joint, constants.grouping), constants.indicator), [-1]);
}

/** Multiplies an NHWC (or NC) tensor by the mask of its layout table under the block's choice weights. */
function applyMask(x: Tensor, constants: MaskConstants, choice: BlockWeights): Tensor {
  const mask = maskVector(constants, choice);
  const shape = x.shape.map((_, i) => (i === x.rank - 1 ? -1 : 1));
  return mul(x, reshape(mask, shape));
}

/** Pads (with zero channels) or cuts a channels-last tensor to `channels` channels. */
function fitChannels(x: Tensor, channels: number): Tensor {
  const have = x.shape[x.rank - 1]!;
  if (have === channels) return x;
  if (have < channels) return pad(x, x.shape.map((_, i) => (i === x.rank - 1 ? [0, channels - have] : [0, 0])) as [number, number][]);
  return slice(x, x.shape.map(() => 0), x.shape.map((_, i) => (i === x.rank - 1 ? channels : -1)));
}
