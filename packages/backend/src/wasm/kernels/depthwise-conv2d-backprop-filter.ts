import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, expectShape, windowScalars, type ConvAttributes } from '../conv-geometry';
import { heapView, outputFrom, type WasmHeapBackend } from '../heap';
import { loadNativeModule } from '../native-module';

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as DepthwiseConv2dNativeBackpropFilterInputs as { x: TensorInfo; dy: TensorInfo };
  const attributes = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const filterShape = attributes.filterShape;
  const g = convGeometry(
    DepthwiseConv2dNativeBackpropFilter, x.shape, filterShape, attributes as ConvAttributes, true, [x, dy],
  );
  expectShape(DepthwiseConv2dNativeBackpropFilter, 'dy', dy.shape, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
  const wasm = backend as unknown as WasmHeapBackend;
  const multiplier = filterShape[3];
  const size = filterShape[0] * filterShape[1] * filterShape[2] * multiplier;
  const [, , dw] = loadNativeModule().call(
    'depthwise_backprop_filter',
    [heapView(wasm, x), heapView(wasm, dy), size, size],
    [g.batch, g.inHeight, g.inWidth, g.inChannels, multiplier, ...windowScalars(g)],
  );
  return outputFrom(wasm, [...filterShape], dw!);
};

/** `DepthwiseConv2dNativeBackpropFilter` for the wasm backend: a native SIMD loop (NHWC, any multiplier). */
export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc,
};
