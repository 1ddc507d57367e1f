/**
 * fbnas's own kernels for training-mode batch normalization over the last (channel) axis, for the wasm
 * backend. They are not tfjs kernels; `batchNormTraining` (../../batch-norm.ts) calls them through
 * `engine().runKernel` when the active backend is wasm and they are registered.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { heapView, outputFrom, type WasmHeapBackend } from '../heap';
import { loadNativeModule } from '../native-module';

/** Kernel name: inputs `{x, scale, offset}`, attr `{epsilon}`; outputs `[y, mean, variance, invStd]`. */
export const FbnasBatchNormForward = 'FbnasBatchNormForward';
/** Kernel name: inputs `{dy, x, mean, invStd, scale}`; outputs `[dx, dScale, dOffset]`. */
export const FbnasBatchNormBackward = 'FbnasBatchNormBackward';

function channelsOf(kernel: string, x: TensorInfo): { rows: number; channels: number } {
  if (x.dtype !== 'float32' || x.shape.length < 1) {
    throw new Error(`@fbnas/backend ${kernel}: expected a float32 tensor of rank >= 1, got ${x.dtype} [${x.shape}]`);
  }
  const channels = x.shape[x.shape.length - 1]!;
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  return { rows, channels };
}

const forward: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, scale, offset } = inputs as { x: TensorInfo; scale: TensorInfo; offset: TensorInfo };
  const epsilon = (attrs as { epsilon: number }).epsilon;
  const { rows, channels } = channelsOf(FbnasBatchNormForward, x);
  const wasm = backend as unknown as WasmHeapBackend;
  const [, , , y, mean, variance, invStd] = loadNativeModule().call(
    'batch_norm_forward',
    [heapView(wasm, x), heapView(wasm, scale), heapView(wasm, offset), rows * channels, channels, channels, channels, channels],
    [rows, channels, epsilon],
  );
  // Copy the small outputs before makeOutput can grow the tfjs heap (the native views stay valid).
  return [
    outputFrom(wasm, [...x.shape], y!),
    outputFrom(wasm, [channels], mean!),
    outputFrom(wasm, [channels], variance!),
    outputFrom(wasm, [channels], invStd!),
  ];
};

const backward: KernelFunc = ({ inputs, backend }) => {
  const { dy, x, mean, invStd, scale } = inputs as Record<'dy' | 'x' | 'mean' | 'invStd' | 'scale', TensorInfo>;
  const { rows, channels } = channelsOf(FbnasBatchNormBackward, x);
  const wasm = backend as unknown as WasmHeapBackend;
  const [, , , , , dx, dScale, dOffset] = loadNativeModule().call(
    'batch_norm_backward',
    [
      heapView(wasm, dy), heapView(wasm, x), heapView(wasm, mean), heapView(wasm, invStd), heapView(wasm, scale),
      rows * channels, channels, channels, 2 * channels,
    ],
    [rows, channels],
  );
  return [
    outputFrom(wasm, [...x.shape], dx!),
    outputFrom(wasm, [channels], dScale!),
    outputFrom(wasm, [channels], dOffset!),
  ];
};

/** Native training-mode batch-norm forward for wasm. */
export const batchNormForwardConfig: KernelConfig = {
  kernelName: FbnasBatchNormForward,
  backendName: 'wasm',
  kernelFunc: forward,
};

/** Native closed-form batch-norm backward for wasm. */
export const batchNormBackwardConfig: KernelConfig = {
  kernelName: FbnasBatchNormBackward,
  backendName: 'wasm',
  kernelFunc: backward,
};
