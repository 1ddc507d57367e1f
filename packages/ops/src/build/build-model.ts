import { planPrimitivesOf, planUnifiedArch, unify, type ArchDefinition, type ArchLimits, type OpSpecRegistry } from '@fbnas/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createBuiltinOpSpecRegistry } from '../specs';
import { buildPlanModel, type BuildPlanModelOptions, type BuildableBlock } from './build-plan-model';

/** Options of `buildModel`. */
export interface BuildModelOptions extends BuildPlanModelOptions {
  /** Op specs (default: the built-in registry). */
  ops?: OpSpecRegistry;
  /** Raises the architecture size limits of `validateArch` (default `DEFAULT_ARCH_LIMITS` of `@fbnas/core`). */
  limits?: Partial<ArchLimits>;
}

/**
 * The blocks of an `fbnas.arch/v1` architecture (backbone, then head) with their layer plans, ready for
 * `buildPlanModel` or checkpoint conversion. `options.limits` raises the architecture size limits.
 */
export function planArchitecture(
  arch: ArchDefinition,
  ops: OpSpecRegistry = createBuiltinOpSpecRegistry(),
  options: { limits?: Partial<ArchLimits> } = {},
): {
  blocks: BuildableBlock[];
  input: { height: number; width: number; channels: number };
} {
  const unified = unify(arch, ops, options);
  const planned = planUnifiedArch(unified, ops);
  return {
    blocks: planned.map((p) => ({ path: p.block.path, plan: p.plan })),
    input: { height: unified.inputSize, width: unified.inputSize, channels: unified.inputChannels },
  };
}

/**
 * Builds a trainable tfjs `LayersModel` for an `fbnas.arch/v1` architecture: input `[N, inputSize, inputSize,
 * inputChannels]` NHWC, output `[N, numClasses]` logits (no softmax), PyTorch semantics (symmetric padding,
 * BN ε 1e-5, hswish/hsigmoid as in the reference). Call with `{ training: true }` (or `model.fit`) to use batch
 * statistics.
 *
 * @example
 * const model = buildModel(loadArchitecture('FBNetV2_F1'));
 * const logits = model.predict(tf.zeros([1, 128, 128, 3]));
 */
export function buildModel(arch: ArchDefinition, options: BuildModelOptions = {}): LayersModel {
  const { blocks, input } = planArchitecture(arch, options.ops ?? createBuiltinOpSpecRegistry(), { limits: options.limits });
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  return buildPlanModel(blocks, input, {
    name: options.name ?? arch.name, seed: options.seed, primitives: planPrimitivesOf(ops),
    ...(options.stochasticDepth === undefined ? {} : { stochasticDepth: options.stochasticDepth }),
  });
}
