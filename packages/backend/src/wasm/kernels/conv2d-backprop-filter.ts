import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, expectShape, windowScalars, type ConvAttributes } from '../conv-geometry';
import { heapView, outputFrom, type WasmHeapBackend } from '../heap';
import { loadNativeModule } from '../native-module';

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as Conv2DBackpropFilterInputs as { x: TensorInfo; dy: TensorInfo };
  const attributes = attrs as unknown as Conv2DBackpropFilterAttrs;
  const filterShape = attributes.filterShape;
  const g = convGeometry(Conv2DBackpropFilter, x.shape, filterShape, attributes as ConvAttributes, false, [x, dy]);
  expectShape(Conv2DBackpropFilter, 'dy', dy.shape, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
  const wasm = backend as unknown as WasmHeapBackend;
  const size = filterShape[0] * filterShape[1] * filterShape[2] * filterShape[3];
  const [, , dw] = loadNativeModule().call(
    'conv2d_backprop_filter',
    [heapView(wasm, x), heapView(wasm, dy), size, size],
    [g.batch, g.inHeight, g.inWidth, g.inChannels, g.outChannels, ...windowScalars(g)],
  );
  return outputFrom(wasm, [...filterShape], dw!);
};

/** `Conv2DBackpropFilter` for the wasm backend: a native SIMD outer-product loop (NHWC, any kernel size). */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc,
};
