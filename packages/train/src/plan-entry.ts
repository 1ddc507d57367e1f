import {
  planUnifiedArch, unify, type ArchDefinition, type ResolvedBlock, type BlockEntry, type FeatureShape, type JsonObject, type LayerPlan, type OpSpecRegistry,
} from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';

/** A planned block and the shape it produces. */
export interface PlannedEntry {
  plan: LayerPlan;
  outShape: FeatureShape;
}

function singleBlockArch(entry: BlockEntry, inShape: FeatureShape, basicArgs: JsonObject | undefined, numClasses: number): ArchDefinition {
  if (inShape.height !== inShape.width) throw new Error(`planEntry: square inputs only, got ${inShape.height}×${inShape.width}`);
  return {
    format: 'fbnas.arch/v1',
    name: 'block',
    inputSize: inShape.height,
    inputChannels: inShape.channels,
    numClasses,
    ...(basicArgs ? { basicArgs } : {}),
    stages: [[entry]],
  } as ArchDefinition;
}

/**
 * Plans one architecture entry (`[op, outChannels, stride, 1, {args}]`) on an input shape with core's own
 * unify/plan code, so a supernet candidate is exactly the block a derived architecture will contain.
 */
export function planEntry(entry: BlockEntry, inShape: FeatureShape, basicArgs?: JsonObject, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): PlannedEntry {
  const [first] = planUnifiedArch(unify(singleBlockArch(entry, inShape, basicArgs, 2), ops), ops);
  return { plan: first!.plan, outShape: first!.outShape };
}

/** Plans the classifier head (global pool → 1×1 conv with bias → flatten) on `inShape`. */
export function planHead(inShape: FeatureShape, numClasses: number, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): PlannedEntry {
  const planned = planUnifiedArch(unify(singleBlockArch(['skip', inShape.channels, 1, 1], inShape, undefined, numClasses), ops), ops);
  const head = planned[planned.length - 1]!;
  return { plan: head.plan, outShape: head.outShape };
}

/**
 * Resolves one architecture entry on an input shape with core's unify (aliases, `basicArgs`, defaults): the
 * canonical op and its parsed arguments, exactly as a derived architecture will see them.
 *
 * @example
 * resolveEntry(['ir_k5_hs', 16, 1, 1, { expansion: 3 }], { height: 14, width: 14, channels: 8 }).args; // { kernel: 5, ... }
 */
export function resolveEntry(entry: BlockEntry, inShape: FeatureShape, basicArgs?: JsonObject, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): ResolvedBlock {
  return unify(singleBlockArch(entry, inShape, basicArgs, 2), ops).blocks[0]!;
}
