import { input, layers, model, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { LayerPlan } from '@fbnas/core';
import { FbnasBatchNorm } from './layers/fbnas-batch-norm';
import { FbnasConv2D } from './layers/fbnas-conv2d';
import { FbnasActivation, FbnasChannelShuffle, FbnasFlatten, FbnasGlobalAveragePool, FbnasScale } from './layers/fbnas-elementwise';
import { registerFbnasLayers } from './register-fbnas-layers';

/** One block to build: where its parameters live (`backbone.stages.xif0_0`, `head`) and its layer plan. */
export interface BuildableBlock {
  path: string;
  plan: LayerPlan;
}

/** Options of `buildPlanModel`. */
export interface BuildPlanModelOptions {
  /** Model name (default `fbnas`). */
  name?: string;
  /** Base seed of the weight initializers; layer i uses seed + i (default 0). */
  seed?: number;
}

/**
 * Builds a tfjs `LayersModel` from planned blocks: input `[null, height, width, channels]`, each plan's layers
 * applied in order. Layers with parameters are named `${path}.${layer.name}` (their weights
 * `${path}.${layer.name}/kernel`, `/bias`, `/gamma`, `/beta`, `/moving_mean`, `/moving_variance`), so names are
 * stable across builds and map one-to-one onto reference checkpoint keys.
 */
export function buildPlanModel(
  blocks: readonly BuildableBlock[],
  inputShape: { height: number; width: number; channels: number },
  options: BuildPlanModelOptions = {},
): LayersModel {
  registerFbnasLayers();
  let seed = options.seed ?? 0;
  const inputTensor = input({ shape: [inputShape.height, inputShape.width, inputShape.channels], name: 'input' });
  let x: SymbolicTensor = inputTensor;
  for (const block of blocks) {
    let counter = 0;
    const anonymous = (kind: string) => `${block.path}.${kind}${counter++}`;
    const apply = (plan: LayerPlan, tensor: SymbolicTensor): SymbolicTensor => {
      let t = tensor;
      for (const layer of plan) {
        switch (layer.kind) {
          case 'conv':
            t = new FbnasConv2D({
              name: `${block.path}.${layer.name}`, filters: layer.outChannels, kernelSize: layer.kernel,
              strides: layer.stride, groups: layer.groups, useBias: layer.bias, seed: seed++,
            }).apply(t) as SymbolicTensor;
            break;
          case 'batchNorm':
            t = new FbnasBatchNorm({ name: `${block.path}.${layer.name}`, zeroGamma: layer.zeroGamma ?? false }).apply(t) as SymbolicTensor;
            break;
          case 'activation':
            t = new FbnasActivation({ name: anonymous(layer.activation), activation: layer.activation }).apply(t) as SymbolicTensor;
            break;
          case 'channelShuffle':
            t = new FbnasChannelShuffle({ name: anonymous('shuffle'), groups: layer.groups }).apply(t) as SymbolicTensor;
            break;
          case 'globalAveragePool':
            t = new FbnasGlobalAveragePool({ name: anonymous('pool') }).apply(t) as SymbolicTensor;
            break;
          case 'flatten':
            t = new FbnasFlatten({ name: anonymous('flatten') }).apply(t) as SymbolicTensor;
            break;
          case 'squeezeExcite': {
            const gate = apply(layer.body, t);
            t = new FbnasScale({ name: anonymous('se_scale') }).apply([t, gate]) as SymbolicTensor;
            break;
          }
          case 'residual': {
            const branch = apply(layer.body, t);
            t = layers.add({ name: anonymous('residual') }).apply([t, branch]) as SymbolicTensor;
            break;
          }
          default:
            throw new Error(`${block.path}: unknown plan layer kind '${(layer as { kind: string }).kind}'`);
        }
      }
      return t;
    };
    x = apply(block.plan, x);
  }
  return model({ inputs: inputTensor, outputs: x, name: options.name ?? 'fbnas' });
}
