import type { FeatureShape } from './feature-shape';
import type { LayerPlan } from './layer-plan';
import { NUMBER_ARITHMETIC } from './plan-primitive';
import { builtinPlanPrimitives, primitiveFor, type PlanPrimitiveRegistry } from './plan-primitives';
import { layerOutputShape } from './plan-shape';

/**
 * The cost of a plan under the reference conventions (spec §7), plus what a framework stores.
 *
 * - `macs`: multiply-accumulates; a convolution costs its weight count × output H × output W, a global
 *   average pool C·H·W of its input, a k×k average pool k²·C·H'·W'; nothing else costs anything (no factor 2).
 * - `weights`: convolution weight tensors only, `out · in/groups · k²` (the published parameter count).
 * - `biases`: convolution biases. `bnChannels`: BatchNorm channels (each has γ, β, running mean, running
 *   variance).
 * - `layers` and `outputElements`: how many plan layers run and how many values they write, the two terms besides
 *   MACs of the linear latency model (`linearLatency`).
 */
export interface PlanCost {
  /** Multiply-accumulates (MACs). */
  macs: number;
  /** Convolution weights (parameters). */
  weights: number;
  /** Convolution biases (parameters). */
  biases: number;
  /** BatchNorm channels (each: 2 trainable parameters and 2 running statistics). */
  bnChannels: number;
  /** Plan layers run, those with bodies (a residual, an SE) included: what a framework pays per-op overhead for. */
  layers: number;
  /** Σ over the layers run of their output's C·H·W (values written, per image). */
  outputElements: number;
  /** The plan's output shape. */
  outputShape: FeatureShape;
}

/**
 * Counts MACs, weights, biases and BatchNorm channels of a plan at one input shape (pure): each layer's own cost
 * by its plan primitive, plus its bodies' costs at the layer's input.
 *
 * @param inputShape - the block input (NHWC without the batch axis).
 * @param primitives - the layer kinds (default the built-ins; `planPrimitivesOf(ops)` for contributed ones).
 * @throws FormatError when the plan is invalid for that input (see `planOutputShape`).
 * @example
 * countPlan(plan, { height: 112, width: 112, channels: 16 }); // { macs: 14601216, weights: 2352, ... }
 */
export function countPlan(plan: LayerPlan, inputShape: FeatureShape, primitives: PlanPrimitiveRegistry = builtinPlanPrimitives()): PlanCost {
  return countLayers(plan, inputShape, 'layers', primitives);
}

function countLayers(plan: LayerPlan, inputShape: FeatureShape, path: string, primitives: PlanPrimitiveRegistry): PlanCost {
  const cost: PlanCost = { macs: 0, weights: 0, biases: 0, bnChannels: 0, layers: 0, outputElements: 0, outputShape: inputShape };
  plan.forEach((layer, index) => {
    const layerPath = `${path}[${index}]`;
    const input = cost.outputShape;
    const output = layerOutputShape(layer, input, layerPath, primitives);
    const primitive = primitiveFor(layer, primitives, layerPath);
    const own = primitive.cost?.(layer, {
      input,
      output,
      value: (field) => (layer as unknown as Record<string, number>)[field]!,
      arithmetic: NUMBER_ARITHMETIC,
    }) ?? {};
    cost.macs += own.macs ?? 0;
    cost.weights += own.weights ?? 0;
    cost.biases += own.biases ?? 0;
    cost.bnChannels += own.bnChannels ?? 0;
    cost.layers += 1;
    cost.outputElements += output.channels * output.height * output.width;
    const bodies = primitive.bodies?.(layer) ?? [];
    bodies.forEach((body, b) => {
      const inner = countLayers(body, input, bodies.length === 1 ? `${layerPath}.body` : `${layerPath}.branches[${b}]`, primitives);
      cost.macs += inner.macs;
      cost.weights += inner.weights;
      cost.biases += inner.biases;
      cost.bnChannels += inner.bnChannels;
      cost.layers += inner.layers;
      cost.outputElements += inner.outputElements;
    });
    cost.outputShape = output;
  });
  return cost;
}
