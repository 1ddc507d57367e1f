import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, expectShape, windowScalars, type ConvAttributes } from '../conv-geometry';
import { heapView, outputFrom, type WasmHeapBackend } from '../heap';
import { loadNativeModule } from '../native-module';

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as DepthwiseConv2dNativeBackpropInputInputs as { dy: TensorInfo; filter: TensorInfo };
  const attributes = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const inputShape = attributes.inputShape;
  const g = convGeometry(
    DepthwiseConv2dNativeBackpropInput, inputShape, filter.shape, attributes as ConvAttributes, true, [dy, filter],
  );
  expectShape(DepthwiseConv2dNativeBackpropInput, 'dy', dy.shape, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
  const wasm = backend as unknown as WasmHeapBackend;
  const size = g.batch * g.inHeight * g.inWidth * g.inChannels;
  const [, , dx] = loadNativeModule().call(
    'depthwise_backprop_input',
    [heapView(wasm, dy), heapView(wasm, filter), size],
    [g.batch, g.inHeight, g.inWidth, g.inChannels, filter.shape[3]!, ...windowScalars(g)],
  );
  return outputFrom(wasm, [...inputShape], dx!);
};

/** `DepthwiseConv2dNativeBackpropInput` for the wasm backend: a native SIMD scatter loop (NHWC, any multiplier). */
export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc,
};
