export * from './pure';
export { machineMetadata } from './machine-metadata';
export type { MachineMetadataOptions } from './machine-metadata';
export { timePredict } from './time-predict';
export { timeNetwork } from './time-network';
export type { TimeNetworkOptions } from './time-network';
export { settledLatency } from './settled-latency';
export type { SettledLatency, SettledLatencyOptions } from './settled-latency';
export { measureBlock, measureReadout } from './measure-block';
export type { TimePredictOptions } from './time-predict';
export { buildLatencyTable } from './build-latency-table';
export type { BuildLatencyTableOptions, LatencyProgress } from './build-latency-table';
export { expectedLatency, latencyMatrix } from './expected-latency';
export { validateLatencyTable } from './validate-latency-table';
export type { LatencyValidation, LatencyValidationRow, ValidateLatencyTableOptions } from './validate-latency-table';
export { buildLatencyModel, timeMaskNetworks, validateLatencyModel } from './build-latency-model';
export type {
  BuildLatencyModelOptions, LatencyModelValidation, LatencyModelValidationRow, TimeMaskNetworksOptions, ValidateLatencyModelOptions,
} from './build-latency-model';
