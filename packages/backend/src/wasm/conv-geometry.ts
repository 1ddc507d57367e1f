/**
 * Convolution geometry shared by the wasm training kernels: tfjs's own `computeConv2DInfo` (the code the `cpu`
 * backend uses for `'same'`, `'valid'`, numeric and explicit pads), plus the checks that turn unsupported
 * attributes into clear errors instead of wrong numbers.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';

/** Everything a native convolution-gradient kernel needs, in elements. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

/** Attributes common to the conv gradient kernels, as tfjs passes them. */
export interface ConvAttributes {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

/**
 * Computes and validates the geometry of a (depthwise) 2-D convolution for kernel `kernel`.
 * @throws Error naming the kernel and attribute for NCHW data, dilation > 1 together with stride > 1, and
 *   non-float32 operands.
 */
export function convGeometry(
  kernel: string,
  inputShape: readonly number[],
  filterShape: readonly number[],
  attributes: ConvAttributes,
  depthwise: boolean,
  operands: readonly TensorInfo[],
): ConvGeometry {
  if (attributes.dataFormat !== undefined && attributes.dataFormat !== 'NHWC') {
    throw new Error(`@fbnas/backend ${kernel}: dataFormat '${attributes.dataFormat}' is not supported; expected 'NHWC'`);
  }
  for (const operand of operands) {
    if (operand.dtype !== 'float32') {
      throw new Error(`@fbnas/backend ${kernel}: expected float32 operands, got ${operand.dtype}`);
    }
  }
  if (inputShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(
      `@fbnas/backend ${kernel}: expected a rank-4 NHWC input and a rank-4 filter, got [${inputShape}] and [${filterShape}]`,
    );
  }
  const dilations = attributes.dilations ?? 1;
  const info = backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attributes.strides,
    dilations,
    attributes.pad,
    attributes.dimRoundingMode,
    depthwise,
  );
  if ((info.dilationHeight > 1 || info.dilationWidth > 1) && (info.strideHeight > 1 || info.strideWidth > 1)) {
    throw new Error(
      `@fbnas/backend ${kernel}: dilations [${info.dilationHeight},${info.dilationWidth}] > 1 together with strides ` +
        `[${info.strideHeight},${info.strideWidth}] > 1 are not supported (tfjs does not define this case either)`,
    );
  }
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Throws unless `shape` equals `expected`, naming the kernel and operand. */
export function expectShape(kernel: string, operand: string, shape: readonly number[], expected: readonly number[]): void {
  if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
    throw new Error(`@fbnas/backend ${kernel}: ${operand} has shape [${shape}], expected [${expected}]`);
  }
}

/** The scalar arguments every native conv-gradient function takes after its sizes. */
export function windowScalars(g: ConvGeometry): number[] {
  return [
    g.outHeight, g.outWidth, g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth,
    g.dilationHeight, g.dilationWidth, g.padTop, g.padLeft,
  ];
}
