/**
 * `@fbnas/latency/pure`: the parts of `@fbnas/latency` that need no TensorFlow.js (installable and importable
 * without tfjs): the `fbnas.lut/v1` format (parse, validate against a space, load, save), the space hash,
 * predictions from a table, the MACs stand-in table, the statistics, and the `fbnas.latency-model/v1` linear
 * latency models of mask spaces (parse, load, save, fit). Measuring (`buildLatencyTable`,
 * `validateLatencyTable`, `machineMetadata`, `timePredict`, `measureBlock`) and the differentiable
 * `expectedLatency` are in the package root, which needs tfjs.
 *
 * @example
 * import { loadLatencyTable, macsTable, predictLatency } from '@fbnas/latency/pure';
 */
export { LATENCY_TABLE_FORMAT, LATENCY_UNITS } from './latency-table';
export type { LatencyMetadata, LatencyStat, LatencyTable, LatencyUnit } from './latency-table';
export { parseLatencyTable } from './parse-latency-table';
export { assertTableMatchesSpace } from './assert-table-matches-space';
export { spaceSha256 } from './space-hash';
export { canonicalJson } from '@fbnas/core';
export { loadLatencyTable, saveLatencyTable } from './latency-table-file';
export { hostMetadata } from './host-metadata';
export type { HostMetadataOptions } from './host-metadata';
export { fixedLatency, predictLatency } from './predict-latency';
export { macsTable } from './macs-table';
export type { MacsTableOptions } from './macs-table';
export { summarize } from './summarize';
export { averageRanks, spearman } from './spearman';
export { median, percentile, standardDeviation } from './statistics';
export { LATENCY_MODEL_FORMAT } from './latency-model';
export type { LatencyModel, LatencyModelFit } from './latency-model';
export { assertModelMatchesSpace, parseLatencyModel } from './parse-latency-model';
export { loadLatencyModel, saveLatencyModel } from './latency-model-file';
export { fitLinearLatency, leaveOneOutFit } from './fit-latency-model';
export type { TimedNetwork } from './fit-latency-model';
export { predictionError } from './prediction-error';
export type { PredictionError } from './prediction-error';
