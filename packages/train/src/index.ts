export type { Batch, BatchSource } from './batch';
export { batchTensors } from './batch';
export { cosineLearningRate } from './learning-rate';
export { FBNET_LATENCY_LOSS, latencyAwareLoss } from './latency-loss';
export type { LatencyLossForm } from './latency-loss';
export { layoutFromSpace } from './layout-from-space';
export { loadNamedTensors, saveNamedTensors } from './named-tensors-file';
export { adam, momentumSgd } from './optimizers';
export type { StatefulOptimizer } from './optimizers';
export { planEntry, planHead } from './plan-entry';
export type { PlannedEntry } from './plan-entry';
export { appendJsonLine, readJson, writeJsonAtomic } from './run-files';
export { runSearch } from './run-search';
export type { RunSearchOptions, SearchEpochLog, SearchResult } from './run-search';
export { defaultSearchConfig } from './search-config';
export type { SearchConfig } from './search-config';
export { createSupernet, snapshot, withWeightDecay } from './supernet';
export type { FixedItem, SearchItem, Supernet, SupernetLayout } from './supernet';
export { defaultTrainConfig, evaluateAccuracy, hasTrainedModel, trainArchitecture } from './train-architecture';
export type { TrainArchitectureConfig, TrainEpochLog } from './train-architecture';
export { planMaskedSpace } from './masked-layout';
export type {
  MaskedCandidate, MaskedCombo, MaskedConvCandidate, MaskedFixedPlan, MaskedIrCandidate, MaskedIrPoolCandidate, MaskedLayerPlan, MaskedSkipCandidate,
  MaskedSpacePlan,
} from './masked-layout';
export { comboWeights, maskedCost, rowWeights, sameWidth } from './masked-cost';
export type { MaskedCostMode } from './masked-cost';
export { createMaskedSupernet } from './masked-supernet';
export type { MaskedSupernet } from './masked-supernet';
export { resolveEntry } from './plan-entry';
