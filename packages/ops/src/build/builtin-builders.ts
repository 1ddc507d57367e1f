import type {
  ActivationLayer, BatchNormLayer, ChannelShuffleLayer, ConcatLayer, ConvLayer, DropoutLayer, PlanLayerBase, PoolLayer, ResidualLayer,
  SqueezeExciteLayer,
} from '@fbnas/core';
import { layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { FbnasBatchNorm } from './layers/fbnas-batch-norm';
import { FbnasConv2D } from './layers/fbnas-conv2d';
import { FbnasDropout } from './layers/fbnas-dropout';
import { FbnasActivation, FbnasChannelShuffle, FbnasFlatten, FbnasGlobalAveragePool, FbnasScale } from './layers/fbnas-elementwise';
import { FbnasPool2D } from './layers/fbnas-pool2d';
import type { PrimitiveBuild } from './primitive-build';

const symbolic = (value: unknown) => value as SymbolicTensor;

/** The tfjs builders of the built-in plan primitives, by kind. */
export const BUILTIN_BUILDERS: Readonly<Record<string, PrimitiveBuild<PlanLayerBase>>> = Object.freeze({
  conv: ((layer: ConvLayer, x, context) => symbolic(new FbnasConv2D({
    name: `${context.blockPath}.${layer.name}`, filters: layer.outChannels, kernelSize: layer.kernel,
    strides: layer.stride, groups: layer.groups, useBias: layer.bias, seed: context.nextSeed(),
    ...(layer.padding === undefined ? {} : { padding: layer.padding }),
  }).apply(x))) as PrimitiveBuild<PlanLayerBase>,
  batchNorm: ((layer: BatchNormLayer, x, context) => symbolic(
    new FbnasBatchNorm({ name: `${context.blockPath}.${layer.name}`, zeroGamma: layer.zeroGamma ?? false }).apply(x),
  )) as PrimitiveBuild<PlanLayerBase>,
  activation: ((layer: ActivationLayer, x, context) => symbolic(
    new FbnasActivation({ name: context.anonymousName(layer.activation), activation: layer.activation }).apply(x),
  )) as PrimitiveBuild<PlanLayerBase>,
  channelShuffle: ((layer: ChannelShuffleLayer, x, context) => symbolic(
    new FbnasChannelShuffle({ name: context.anonymousName('shuffle'), groups: layer.groups }).apply(x),
  )) as PrimitiveBuild<PlanLayerBase>,
  globalAveragePool: (_layer, x, context) => symbolic(new FbnasGlobalAveragePool({ name: context.anonymousName('pool') }).apply(x)),
  dropout: ((layer: DropoutLayer, x, context) => symbolic(
    new FbnasDropout({ name: context.anonymousName('dropout'), rate: layer.rate, per: layer.per }).apply(x),
  )) as PrimitiveBuild<PlanLayerBase>,
  flatten: (_layer, x, context) => symbolic(new FbnasFlatten({ name: context.anonymousName('flatten') }).apply(x)),
  squeezeExcite: ((layer: SqueezeExciteLayer, x, context) => {
    const gate = context.apply(layer.body, x);
    return symbolic(new FbnasScale({ name: context.anonymousName('se_scale') }).apply([x, gate]));
  }) as PrimitiveBuild<PlanLayerBase>,
  residual: ((layer: ResidualLayer, x, context) => {
    let branch = context.apply(layer.body, x);
    // Stochastic depth: the branch is dropped per example with the block's drop-path rate (training only).
    const rate = context.dropPathRate ?? 0;
    if (rate > 0) branch = symbolic(new FbnasDropout({ name: context.anonymousName('drop_path'), rate, per: 'example' }).apply(branch));
    return symbolic(layers.add({ name: context.anonymousName('residual') }).apply([x, branch]));
  }) as PrimitiveBuild<PlanLayerBase>,
  concat: ((layer: ConcatLayer, x, context) => {
    const outputs = layer.branches.map((branch) => context.apply(branch, x));
    if (outputs.length === 1) return outputs[0]!;
    return symbolic(layers.concatenate({ axis: -1, name: context.anonymousName('concat') }).apply(outputs));
  }) as PrimitiveBuild<PlanLayerBase>,
  pool: ((layer: PoolLayer, x, context) => symbolic(new FbnasPool2D({
    name: context.anonymousName(`${layer.mode}pool`), mode: layer.mode, kernel: layer.kernel, stride: layer.stride,
  }).apply(x))) as PrimitiveBuild<PlanLayerBase>,
});
