import type { FeatureShape } from './feature-shape';
import { FormatError } from './format-error';
import type { LayerPlan } from './layer-plan';
import type { OpSpecRegistry } from './op-spec-registry';
import { planPrimitivesOf } from './plan-primitives';
import { planOutputShape } from './plan-shape';
import type { ResolvedBlock } from './unify';

/** A resolved block with its plan and the shapes around it. */
export interface PlannedBlock {
  /** The block. */
  block: ResolvedBlock;
  /** Its layers (names relative to `block.path`). */
  plan: LayerPlan;
  /** Input shape (NHWC without batch). */
  inShape: FeatureShape;
  /** Output shape (NHWC without batch; the head's flattened logits are 1×1×classes). */
  outShape: FeatureShape;
}

/**
 * Plans one resolved block with its op spec and checks the plan against the input shape.
 *
 * @param inShape - the block input (NHWC without the batch axis).
 * @throws FormatError at the block path (`backbone.stages.xif4_2: layers[1] (dw.conv): ...`) when the op
 *   cannot plan the block or the plan does not fit the input.
 */
export function planBlock(block: ResolvedBlock, inShape: FeatureShape, registry: OpSpecRegistry): PlannedBlock {
  try {
    const plan = registry.get(block.op).plan(block);
    const outShape = planOutputShape(plan, inShape, planPrimitivesOf(registry));
    if (outShape.channels !== block.outChannels) {
      throw new Error(`expected the plan to produce ${block.outChannels} channels, got ${outShape.channels}`);
    }
    return { block, plan, inShape, outShape };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new FormatError(`${block.path} (${block.source}, op '${block.opName}')`, message);
  }
}
