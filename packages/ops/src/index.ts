export {
  builtinOpSpecs,
  classifierSpec,
  convSpec,
  convUnit,
  createBuiltinOpSpecRegistry,
  invertedResidualSpec,
  invertedResidualWidths,
  irPoolSpec,
  latencyKey,
  skipSpec,
  squeezeExcite,
} from './specs';
export type {
  ClassifierArgs,
  ConvArgs,
  ConvUnitOptions,
  InvertedResidualArgs,
  InvertedResidualWidths,
  IrPoolArgs,
  SkipArgs,
  SqueezeExciteOptions,
} from './specs';
export { buildModel, planArchitecture } from './build/build-model';
export type { BuildModelOptions } from './build/build-model';
export { buildPlanModel } from './build/build-plan-model';
export type { BuildPlanModelOptions, BuildableBlock } from './build/build-plan-model';
export { registerFbnasLayers, FBNAS_LAYER_CLASSES } from './build/register-fbnas-layers';
export { definePrimitive } from './build/primitive-build';
export type { PrimitiveBuild, PrimitiveBuildContext } from './build/primitive-build';
export { BUILTIN_BUILDERS } from './build/builtin-builders';
export { FbnasPool2D } from './build/layers/fbnas-pool2d';
export type { FbnasPool2DConfig } from './build/layers/fbnas-pool2d';
export { FbnasConv2D } from './build/layers/fbnas-conv2d';
export { FbnasDropout } from './build/layers/fbnas-dropout';
export type { FbnasDropoutConfig } from './build/layers/fbnas-dropout';
export type { FbnasConv2DConfig } from './build/layers/fbnas-conv2d';
export { FbnasBatchNorm } from './build/layers/fbnas-batch-norm';
export type { FbnasBatchNormConfig } from './build/layers/fbnas-batch-norm';
export {
  FbnasActivation, FbnasChannelShuffle, FbnasFlatten, FbnasGlobalAveragePool, FbnasScale,
} from './build/layers/fbnas-elementwise';
export { applyActivation, hardSigmoid, hardSwish } from './build/activations';
export { fileSystemIO, DEFAULT_SHARD_BYTES } from './io/file-system-io';
