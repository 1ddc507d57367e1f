import type { LayerPlan, PlanLayerBase, PlanPrimitive } from '@fbnas/core';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';

/** What a primitive's tfjs builder sees while `buildPlanModel` builds one block. */
export interface PrimitiveBuildContext {
  /** The block's parameter path (`backbone.stages.xif0_0`); a layer with parameters is named `${blockPath}.${layer.name}`. */
  readonly blockPath: string;
  /** A fresh, stable name for a layer without parameters: `${blockPath}.${kind}${n}`. */
  anonymousName(kind: string): string;
  /** The next weight-initializer seed (one per layer with random initial values, in build order). */
  nextSeed(): number;
  /** The drop-path rate of this block's residual branches (stochastic depth; 0 or absent: none). */
  readonly dropPathRate?: number;
  /** Builds a nested plan (a body or branch) on `input`. */
  apply(body: LayerPlan, input: SymbolicTensor): SymbolicTensor;
}

/**
 * A primitive's tfjs builder: applies tfjs-layers layers to a symbolic tensor. Layers with parameters must be named
 * `${context.blockPath}.${layer.name}` so their weights map onto checkpoint keys.
 */
export type PrimitiveBuild<L extends PlanLayerBase> = (layer: L, input: SymbolicTensor, context: PrimitiveBuildContext) => SymbolicTensor;

/**
 * A contributed plan primitive with its tfjs builder, typed: use it for `OpSpec.primitives`.
 *
 * @example
 * export const shiftPrimitive = definePrimitive<ShiftLayer>({ name: 'shift', description: '…',
 *   outputShape: (layer, input) => input, build: (layer, x, context) => new MyShift({ name: context.anonymousName('shift') }).apply(x) });
 */
export function definePrimitive<L extends PlanLayerBase>(
  primitive: Omit<PlanPrimitive<L>, 'build'> & { build: PrimitiveBuild<L> },
): PlanPrimitive<L> {
  return primitive as PlanPrimitive<L>;
}
