import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchNormBackwardConfig, batchNormForwardConfig } from './kernels/batch-norm-kernels';
import { conv2dBackpropFilterConfig } from './kernels/conv2d-backprop-filter';
import { conv2dBackpropInputConfig, conv2dBackpropInputName } from './kernels/conv2d-backprop-input';
import { depthwiseConv2dBackpropFilterConfig } from './kernels/depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputConfig } from './kernels/depthwise-conv2d-backprop-input';
import { identityConfig, identityName } from './kernels/identity';

/** The kernels fbnas adds to the wasm backend (tfjs 4.22 lacks the first three). */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
  batchNormForwardConfig,
  batchNormBackwardConfig,
];

/** Built-in wasm kernels fbnas replaces with faster versions that delegate the cases they do not cover. */
const REPLACEMENTS: readonly [string, (original: KernelConfig) => KernelConfig][] = [
  [conv2dBackpropInputName, conv2dBackpropInputConfig],
  [identityName, identityConfig],
];

/** What `registerWasmTrainingKernels` did, and how to undo it. */
export interface WasmTrainingKernels {
  /** Kernel names registered for the wasm backend (added or replaced). */
  readonly kernelNames: readonly string[];
  /** Restores the wasm kernel registry as it was before registration. */
  unregister(): void;
}

let active: WasmTrainingKernels | undefined;

/**
 * Registers fbnas's training kernels for the tfjs `wasm` backend: native SIMD `Conv2DBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropFilter` and `DepthwiseConv2dNativeBackpropInput` (NHWC; any kernel size,
 * stride, dilation, `same`/`valid`/numeric/explicit pads, channel multiplier ≥ 1), a GEMM path for 1×1
 * `Conv2DBackpropInput`, a buffer-sharing `Identity`, and the native batch-norm kernels behind
 * `batchNormTraining`. Nothing is registered at import time; calling this twice returns the first registration.
 *
 * `@tensorflow/tfjs-backend-wasm` must have been imported first (`selectBackend` does both).
 *
 * @example
 * await import('@tensorflow/tfjs-backend-wasm');
 * const kernels = registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 * // ... train ...
 * kernels.unregister();
 */
export function registerWasmTrainingKernels(): WasmTrainingKernels {
  if (active) return active;
  const replacements = REPLACEMENTS.map(([name, replace]) => {
    const original = getKernel(name, 'wasm');
    if (!original) {
      throw new Error(
        "@fbnas/backend: the wasm backend's kernels are not registered; import '@tensorflow/tfjs-backend-wasm' " +
          'before registerWasmTrainingKernels(), or call selectBackend()',
      );
    }
    return replace(original);
  });
  const replaced = new Map<string, KernelConfig>();
  const configs = [...WASM_TRAINING_KERNELS, ...replacements];
  for (const config of configs) {
    const existing = getKernel(config.kernelName, 'wasm');
    if (existing) {
      replaced.set(config.kernelName, existing);
      unregisterKernel(config.kernelName, 'wasm');
    }
    registerKernel(config);
  }
  const registration: WasmTrainingKernels = {
    kernelNames: configs.map((c) => c.kernelName),
    unregister() {
      for (const config of configs) {
        if (getKernel(config.kernelName, 'wasm')) unregisterKernel(config.kernelName, 'wasm');
        const previous = replaced.get(config.kernelName);
        if (previous) registerKernel(previous);
      }
      active = undefined;
    },
  };
  active = registration;
  return registration;
}

/** True while fbnas's wasm training kernels are registered. */
export function wasmTrainingKernelsRegistered(): boolean {
  return active !== undefined;
}
