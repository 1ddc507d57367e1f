export { selectBackend, BACKEND_NAMES } from './select-backend';
export type { BackendName, BackendSelection, SelectBackendOptions, SkippedBackend } from './select-backend';
export { ensureGradients, defaultImporter } from './ensure-gradients';
export type { ModuleImporter } from './ensure-gradients';
export {
  registerWasmTrainingKernels,
  wasmTrainingKernelsRegistered,
  WASM_TRAINING_KERNELS,
} from './wasm/register-wasm-training-kernels';
export type { WasmTrainingKernels } from './wasm/register-wasm-training-kernels';
export { FbnasBatchNormBackward, FbnasBatchNormForward } from './wasm/kernels/batch-norm-kernels';
export { batchNormTraining } from './batch-norm';
export type { BatchNormTrainingResult } from './batch-norm';
export { activeStatisticsReducer, synchronizedBatchNorm, withSynchronizedBatchNorm } from './synchronized-batch-norm';
export type { StatisticsReducer } from './synchronized-batch-norm';
export { groupedConv2d } from './grouped-conv2d';
export type { GroupedConvPadding } from './grouped-conv2d';
export { channelShuffle } from './channel-shuffle';
