import { Identity, type IdentityInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

/**
 * `Identity` for the wasm backend that shares the input's buffer (reference-counted, as wasm's own `Reshape`
 * does) instead of copying it. tfjs clones every tensor a gradient saves through `Identity`, so the copying
 * original costs ~10 ms of a 100 ms MBConv training step. Tensors are immutable in tfjs, so sharing is safe.
 * Strings still go to the original kernel.
 */
export function identityConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as IdentityInputs as { x: TensorInfo };
    if (x.dtype === 'string') return original.kernelFunc(args);
    (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { ...original, kernelFunc };
}

/** The kernel name this config replaces. */
export const identityName = Identity;
