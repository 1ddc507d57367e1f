export type {
  ActivationLayer,
  BuiltinPlanLayer,
  ConcatLayer,
  CustomPlanLayer,
  PlanLayerBase,
  PoolLayer,
  ActivationName,
  BatchNormLayer,
  ChannelShuffleLayer,
  ConvLayer,
  DropoutLayer,
  FlattenLayer,
  GlobalAveragePoolLayer,
  LayerPlan,
  PlanLayer,
  ResidualLayer,
  SqueezeExciteLayer,
} from './layer-plan';
export { FormatError, expectedError, describeValue, childPath } from './format-error';
export { assertJsonValue, isPlainObject } from './json-value';
export type { JsonObject, JsonValue } from './json-value';
export { makeDivisible } from './make-divisible';
export { createRegistry } from './registry';
export type { Registry } from './registry';
export type { ArgsContext, OpAlias, OpBlock, OpSpec } from './op-spec';
export { createOpSpecRegistry, opNames, resolveOpName } from './op-spec-registry';
export type { OpSpecRegistry, ResolvedOpName } from './op-spec-registry';
export { booleanArg, choiceArg, optionalNonNegativeIntegerArg, parseArgsWith, positiveIntegerArg, positiveNumberArg } from './args-schema';
export type { ArgField, ArgsOf, ArgsSchema } from './args-schema';
export { ARCH_FORMAT, DEFAULT_HEAD, DEFAULT_INPUT_CHANNELS, DEFAULT_NUM_CLASSES } from './arch-definition';
export type { ArchDefinition, BlockEntry, HeadDefinition } from './arch-definition';
export { validateArch } from './validate-arch';
export { assertArchWithinLimits, DEFAULT_ARCH_LIMITS } from './arch-limits';
export type { ArchLimits } from './arch-limits';
export { unify } from './unify';
export type { ResolvedBlock, UnifiedArch } from './unify';
export { convOutputSize, formatFeatureShape } from './feature-shape';
export type { FeatureShape, SpatialSize } from './feature-shape';
export { layerOutputShape, planOutputShape } from './plan-shape';
export { countPlan } from './plan-cost';
export { NUMBER_ARITHMETIC } from './plan-primitive';
export type {
  CostArithmetic, PlanParameter, PlanPrimitive, PrimitiveCost, PrimitiveCostContext, PrimitiveShapeContext, ShapeOf,
} from './plan-primitive';
export { BUILTIN_PLAN_PRIMITIVES, builtinPlanPrimitives, planPrimitivesOf, primitiveFor, walkPlan } from './plan-primitives';
export type { PlanPrimitiveRegistry } from './plan-primitives';
export { convPrimitive } from './primitives/conv';
export { batchNormPrimitive } from './primitives/batch-norm';
export { activationPrimitive, channelShufflePrimitive, flattenPrimitive, globalAveragePoolPrimitive } from './primitives/elementwise';
export { concatPrimitive, residualPrimitive, squeezeExcitePrimitive } from './primitives/nested';
export { poolPrimitive } from './primitives/pool';
export type { PlanCost } from './plan-cost';
export { planBlock } from './plan-block';
export type { PlannedBlock } from './plan-block';
export { archOutputShapes, countArch, countUnifiedArch, planUnifiedArch } from './count-arch';
export type { ArchCount, BlockCount, BlockShape } from './count-arch';
export { archLatencyFeatures, linearLatency } from './linear-latency';
export type { LatencyFeatures, LinearLatencyCoefficients } from './linear-latency';
export { channelOptions } from './channel-options';
export type { ChannelOptionsContext, ChannelOptionsSpec, ChannelRange } from './channel-options';
export { assertSeed, deriveSeed, mulberry32, tfjsSeed } from './seeded-random';
export { canonicalJson, sha256Json } from './canonical-json';
export { archDocument, type ArchFrame } from './arch-document';
export { formatBytes } from './format-bytes';
export { isDominated, paretoFront } from './pareto-front';
export { meanMaxProbability } from './mean-max-probability';
