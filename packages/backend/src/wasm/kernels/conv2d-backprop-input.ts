import {
  Conv2DBackpropInput,
  backend_util,
  engine,
  matMul,
  reshape,
  tidy,
  transpose,
  Tensor,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * `Conv2DBackpropInput` for the wasm backend. tfjs's own wasm kernel is a scalar loop (about 5x slower than a
 * GEMM for a 1x1 convolution); for 1x1, stride 1, unpadded NHWC convolutions (the pointwise convolutions that
 * dominate FBNet blocks) this computes `dx = dy · Wᵀ` with the XNNPACK matmul, and delegates everything else
 * to the original kernel, whose `setupFunc` it keeps.
 */
export function conv2dBackpropInputConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, filter } = args.inputs as Conv2DBackpropInputInputs as { dy: TensorInfo; filter: TensorInfo };
    const attributes = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (!isPointwiseUnit(attributes, filter.shape, dy)) return original.kernelFunc(args);
    const [, , inChannels, outChannels] = filter.shape as [number, number, number, number];
    return tidy(() => {
      const dyTensor = asTensor(dy, args.backend);
      const filterTensor = asTensor(filter, args.backend);
      const rows = dy.shape[0]! * dy.shape[1]! * dy.shape[2]!;
      const product = matMul(
        reshape(dyTensor, [rows, outChannels]),
        transpose(reshape(filterTensor, [inChannels, outChannels])),
      );
      return reshape(product, attributes.inputShape);
    });
  };
  return { ...original, kernelFunc };
}

function isPointwiseUnit(attributes: Conv2DBackpropInputAttrs, filterShape: number[], dy: TensorInfo): boolean {
  if (attributes.dataFormat === 'NCHW' || dy.dtype !== 'float32') return false;
  if (filterShape[0] !== 1 || filterShape[1] !== 1) return false;
  const strides = typeof attributes.strides === 'number' ? [attributes.strides, attributes.strides] : attributes.strides;
  if (strides[0] !== 1 || strides[1] !== 1) return false;
  const pad = attributes.pad;
  if (pad === 'same' || pad === 'valid' || pad === 0) return true;
  if (Array.isArray(pad)) return (pad as backend_util.ExplicitPadding).every(([a, b]) => a === 0 && b === 0);
  return false;
}

/**
 * Inputs reached through the gradient tape are Tensors; a caller of `engine().runKernel` may pass bare
 * TensorInfos, which are wrapped without taking ownership of their data.
 */
function asTensor(info: TensorInfo, backend: unknown): Tensor {
  if (info instanceof Tensor) return info;
  (backend as { incRef(dataId: object): void }).incRef(info.dataId);
  return engine().makeTensorFromTensorInfo(info);
}

/** The kernel name this config replaces. */
export const conv2dBackpropInputName = Conv2DBackpropInput;
