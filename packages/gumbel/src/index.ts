export { deriveSeed } from './derive-seed';
export { gumbelSoftmax, sampleGumbel, straightThroughOneHot } from './gumbel-softmax';
export type { GumbelSoftmaxOptions } from './gumbel-softmax';
export { paperTemperature, temperatureSchedule } from './temperature-schedule';
export type { TemperatureSchedule, TemperatureScheduleConfig } from './temperature-schedule';
export { mixedOp } from './mixed-op';
export type { Candidate, MixedOpMode } from './mixed-op';
export { channelOptions } from '@fbnas/core';
export type { ChannelOptionsContext, ChannelOptionsSpec, ChannelRange } from '@fbnas/core';
export { applyChannelMask, channelIndicator, channelMask } from './channel-mask';
export {
  createMaskedInvertedResidual, disposeMaskedInvertedResidual, maskedInvertedResidual,
} from './masked-inverted-residual';
export type {
  ConvBatchNormVariables, MaskedInvertedResidual, MaskedInvertedResidualConfig, MaskedInvertedResidualSe, MaskedInvertedResidualWeights,
} from './masked-inverted-residual';
export { createMaskedSqueezeExcite, disposeMaskedSqueezeExcite, maskedSqueezeExcite } from './masked-squeeze-excite';
export type { ConvBiasVariables, MaskedSqueezeExcite, MaskedSqueezeExciteConfig } from './masked-squeeze-excite';
export { createMaskedIrPool, disposeMaskedIrPool, maskedIrPool } from './masked-ir-pool';
export type { MaskedIrPool, MaskedIrPoolConfig, MaskedIrPoolWeights } from './masked-ir-pool';
export {
  effectiveChannels, effectiveChannelsValue, effectiveCost, effectiveCostValue, invertedResidualEffectiveLayers,
} from './effective-shape';
export type {
  CostMode, EffectiveInput, EffectiveLayer, InvertedResidualWidths, ResolutionChoice,
} from './effective-shape';
export { mixResolutions, placeOnGrid, subsample, subsampleIndices } from './resolution-mask';
export type { MixResolutionsOptions, SpatialOp } from './resolution-mask';
