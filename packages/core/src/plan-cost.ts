import type { FeatureShape } from './feature-shape';
import type { LayerPlan } from './layer-plan';
import { layerOutputShape } from './plan-shape';

/**
 * The cost of a plan under the reference conventions (spec §7), plus what a framework stores.
 *
 * - `macs`: multiply-accumulates; a convolution costs its weight count × output H × output W, a global
 *   average pool C·H·W of its input; nothing else costs anything (no factor 2).
 * - `weights`: convolution weight tensors only, `out · in/groups · k²` (the published parameter count).
 * - `biases`: convolution biases. `bnChannels`: BatchNorm channels (each has γ, β, running mean, running
 *   variance).
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
  /** The plan's output shape. */
  outputShape: FeatureShape;
}

/**
 * Counts MACs, weights, biases and BatchNorm channels of a plan at one input shape (pure).
 *
 * @param inputShape - the block input (NHWC without the batch axis).
 * @throws FormatError when the plan is invalid for that input (see `planOutputShape`).
 * @example
 * countPlan(plan, { height: 112, width: 112, channels: 16 }); // { macs: 14601216, weights: 2352, ... }
 */
export function countPlan(plan: LayerPlan, inputShape: FeatureShape): PlanCost {
  return countLayers(plan, inputShape, 'layers');
}

function countLayers(plan: LayerPlan, inputShape: FeatureShape, path: string): PlanCost {
  const cost: PlanCost = { macs: 0, weights: 0, biases: 0, bnChannels: 0, outputShape: inputShape };
  plan.forEach((layer, index) => {
    const layerPath = `${path}[${index}]`;
    const input = cost.outputShape;
    const output = layerOutputShape(layer, input, layerPath);
    switch (layer.kind) {
      case 'conv': {
        const weights = layer.outChannels * (layer.inChannels / layer.groups) * layer.kernel * layer.kernel;
        cost.weights += weights;
        cost.macs += weights * output.height * output.width;
        if (layer.bias) cost.biases += layer.outChannels;
        break;
      }
      case 'batchNorm':
        cost.bnChannels += layer.channels;
        break;
      case 'globalAveragePool':
        cost.macs += input.channels * input.height * input.width;
        break;
      case 'squeezeExcite':
      case 'residual': {
        const body = countLayers(layer.body, input, `${layerPath}.body`);
        cost.macs += body.macs;
        cost.weights += body.weights;
        cost.biases += body.biases;
        cost.bnChannels += body.bnChannels;
        break;
      }
      default:
        break;
    }
    cost.outputShape = output;
  });
  return cost;
}
