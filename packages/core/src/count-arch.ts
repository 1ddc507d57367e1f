import type { ArchDefinition } from './arch-definition';
import type { FeatureShape } from './feature-shape';
import type { OpSpecRegistry } from './op-spec-registry';
import { countPlan } from './plan-cost';
import { planPrimitivesOf, type PlanPrimitiveRegistry } from './plan-primitives';
import { planBlock, type PlannedBlock } from './plan-block';
import { unify, type UnifiedArch } from './unify';

/** The cost of one block (conventions: see `PlanCost`). */
export interface BlockCount {
  /** `xif{stage}_{index}` or `head`. */
  name: string;
  /** Module path (`backbone.stages.xif2_0`, `head`). */
  path: string;
  /** Canonical op. */
  op: string;
  /** Op name as written. */
  opName: string;
  /** Input shape (NHWC without batch). */
  inShape: FeatureShape;
  /** Output shape (NHWC without batch). */
  outShape: FeatureShape;
  /** Multiply-accumulates (MACs). */
  macs: number;
  /** Convolution weights (parameters; the published convention). */
  weights: number;
  /** Convolution biases (parameters). */
  biases: number;
  /** BatchNorm channels. */
  bnChannels: number;
  /** Trainable parameters: weights + biases + 2 · BN channels. */
  trainable: number;
  /** BatchNorm running statistics: 2 · BN channels (mean and variance). */
  bnStats: number;
}

/** The cost of a whole network at its input size. */
export interface ArchCount {
  /** Model name. */
  name: string;
  /** Side of the square input (pixels). */
  inputSize: number;
  /** Multiply-accumulates (MACs; the reference's `flops_m` × 10⁶). */
  macs: number;
  /** Convolution weights (the reference's `params_m` × 10⁶). */
  weights: number;
  /** Convolution biases. */
  biases: number;
  /** All trainable parameters: weights + biases + BN γ/β. */
  trainable: number;
  /** BatchNorm running statistics (mean and variance). */
  bnStats: number;
  /** What a framework's own parameter count reports: trainable + bnStats. */
  frameworkParams: number;
  /** Per block, the head last. */
  blocks: BlockCount[];
}

/**
 * Counts an architecture under the reference conventions (spec §7): MACs, published weights, and the full
 * framework parameter count, per block and in total, at the architecture's input size.
 *
 * @throws FormatError for invalid architectures or plans (see `unify`, `planBlock`).
 * @example
 * const count = countArch(arch, createBuiltinOpSpecRegistry());
 * count.macs / 1e6; // 244.52636 for fbnet_a
 */
export function countArch(arch: ArchDefinition, registry: OpSpecRegistry): ArchCount {
  return countUnifiedArch(unify(arch, registry), registry);
}

/** `countArch` for an already unified architecture. */
export function countUnifiedArch(unified: UnifiedArch, registry: OpSpecRegistry): ArchCount {
  const primitives = planPrimitivesOf(registry);
  const blocks = planUnifiedArch(unified, registry).map((planned) => countPlannedBlock(planned, primitives));
  const sum = (key: 'macs' | 'weights' | 'biases' | 'bnChannels') =>
    blocks.reduce((total, block) => total + block[key], 0);
  const bnChannels = sum('bnChannels');
  const trainable = sum('weights') + sum('biases') + 2 * bnChannels;
  return {
    name: unified.name,
    inputSize: unified.inputSize,
    macs: sum('macs'),
    weights: sum('weights'),
    biases: sum('biases'),
    trainable,
    bnStats: 2 * bnChannels,
    frameworkParams: trainable + 2 * bnChannels,
    blocks,
  };
}

/**
 * Plans every block of a unified architecture, chaining shapes from the `inputSize` square input; the head is
 * last.
 *
 * @throws FormatError at the failing block's path.
 */
export function planUnifiedArch(unified: UnifiedArch, registry: OpSpecRegistry): PlannedBlock[] {
  let shape: FeatureShape = { height: unified.inputSize, width: unified.inputSize, channels: unified.inputChannels };
  return [...unified.blocks, unified.head].map((block) => {
    const planned = planBlock(block, shape, registry);
    shape = planned.outShape;
    return planned;
  });
}

/** Where a block sits and the shapes around it. */
export interface BlockShape {
  /** `xif{stage}_{index}` or `head`. */
  name: string;
  /** Module path. */
  path: string;
  /** Canonical op. */
  op: string;
  /** Input shape (NHWC without batch). */
  inShape: FeatureShape;
  /** Output shape (NHWC without batch). */
  outShape: FeatureShape;
}

/**
 * The input and output shape of every block (head last), without counting.
 *
 * @example
 * archOutputShapes(arch, ops).at(-2)?.outShape; // { height: 7, width: 7, channels: 1504 } for fbnet_a
 */
export function archOutputShapes(arch: ArchDefinition, registry: OpSpecRegistry): BlockShape[] {
  return planUnifiedArch(unify(arch, registry), registry).map(({ block, inShape, outShape }) => ({
    name: block.name,
    path: block.path,
    op: block.op,
    inShape,
    outShape,
  }));
}

function countPlannedBlock({ block, plan, inShape, outShape }: PlannedBlock, primitives: PlanPrimitiveRegistry): BlockCount {
  const cost = countPlan(plan, inShape, primitives);
  return {
    name: block.name,
    path: block.path,
    op: block.op,
    opName: block.opName,
    inShape,
    outShape,
    macs: cost.macs,
    weights: cost.weights,
    biases: cost.biases,
    bnChannels: cost.bnChannels,
    trainable: cost.weights + cost.biases + 2 * cost.bnChannels,
    bnStats: 2 * cost.bnChannels,
  };
}
