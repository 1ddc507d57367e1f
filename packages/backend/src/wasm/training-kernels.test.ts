import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../select-backend';
import { maxRelativeError, runOn } from '../testing/compare-backends';
import { seededNormal } from '../testing/seeded-random';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
const PADS: Pad[] = ['same', 'valid', [[0, 0], [1, 2], [2, 0], [0, 0]]];
const SIZES: [number, number][] = [[7, 7], [8, 6], [9, 5]];
const KERNELS = [1, 3, 5, 7];
const STRIDES = [1, 2];
const BATCHES = [1, 2];
const TOLERANCE = 1e-4;

interface Case {
  batch: number;
  height: number;
  width: number;
  kernel: number;
  stride: number;
  pad: Pad;
  channels: number;
  second: number; // output channels (conv) or channel multiplier (depthwise)
  dilation: number;
}

function outputSize(size: number, kernel: number, stride: number, pad: Pad, axis: 0 | 1, dilation: number): number {
  const effective = (kernel - 1) * dilation + 1;
  if (pad === 'same') return Math.ceil(size / stride);
  if (pad === 'valid') return Math.ceil((size - effective + 1) / stride);
  const [before, after] = pad[axis + 1]!;
  return Math.floor((size + before + after - effective) / stride) + 1;
}

function cases(secondValues: number[]): Case[] {
  const result: Case[] = [];
  let index = 0;
  for (const batch of BATCHES)
    for (const [height, width] of SIZES)
      for (const kernel of KERNELS)
        for (const stride of STRIDES)
          for (const pad of PADS) {
            index += 1;
            const c: Case = {
              batch, height, width, kernel, stride, pad, dilation: 1,
              channels: index % 2 === 0 ? 3 : 4,
              second: secondValues[index % secondValues.length]!,
            };
            if (outputSize(height, kernel, stride, pad, 0, 1) > 0 && outputSize(width, kernel, stride, pad, 1, 1) > 0) {
              result.push(c);
            }
          }
  return result;
}

function describeCase(c: Case): string {
  return `n${c.batch} ${c.height}x${c.width}x${c.channels} k${c.kernel} s${c.stride} d${c.dilation} ${JSON.stringify(c.pad)} ${c.second}`;
}

/** Gradients of sum(op(x, w) · r) with respect to x and w, for the conv or depthwise op. */
function gradients(c: Case, depthwise: boolean): () => tf.Tensor[] {
  const xShape = [c.batch, c.height, c.width, c.channels];
  const wShape = [c.kernel, c.kernel, c.channels, c.second];
  const outChannels = depthwise ? c.channels * c.second : c.second;
  const oh = outputSize(c.height, c.kernel, c.stride, c.pad, 0, c.dilation);
  const ow = outputSize(c.width, c.kernel, c.stride, c.pad, 1, c.dilation);
  const seed = c.batch * 1000 + c.kernel * 100 + c.height * 10 + c.stride;
  return () => {
    const x = tf.tensor4d(seededNormal(seed, xShape.reduce((a, b) => a * b)), xShape as [number, number, number, number]);
    const w = tf.tensor4d(seededNormal(seed + 1, wShape.reduce((a, b) => a * b)), wShape as [number, number, number, number]);
    const r = tf.tensor4d(seededNormal(seed + 2, c.batch * oh * ow * outChannels), [c.batch, oh, ow, outChannels]);
    const f = (xi: tf.Tensor4D, wi: tf.Tensor4D) =>
      tf.sum(tf.mul(
        depthwise
          ? tf.depthwiseConv2d(xi, wi, c.stride, c.pad, 'NHWC', c.dilation)
          : tf.conv2d(xi, wi, c.stride, c.pad),
        r,
      ));
    return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, w]);
  };
}

async function expectAgreement(c: Case, depthwise: boolean): Promise<void> {
  const [cpuDx, cpuDw] = await runOn('cpu', gradients(c, depthwise));
  const [wasmDx, wasmDw] = await runOn('wasm', gradients(c, depthwise));
  const errors = { dx: maxRelativeError(wasmDx!, cpuDx!), dw: maxRelativeError(wasmDw!, cpuDw!) };
  expect(errors.dx, `dx ${describeCase(c)}`).toBeLessThanOrEqual(TOLERANCE);
  expect(errors.dw, `dw ${describeCase(c)}`).toBeLessThanOrEqual(TOLERANCE);
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('wasm training kernels agree with the cpu backend', () => {
  const convCases = cases([2, 5]);
  const depthwiseCases = cases([1, 2]);

  it(`covers a grid of ${convCases.length} conv2d and ${depthwiseCases.length} depthwise cases`, () => {
    expect(convCases.length).toBeGreaterThan(100);
    expect(depthwiseCases.some((c) => c.second === 2 && c.stride === 2 && c.kernel === 7)).toBe(true);
  });

  it('Conv2DBackpropFilter and Conv2DBackpropInput (conv2d gradients)', async () => {
    for (const c of convCases) await expectAgreement(c, false);
  });

  it('DepthwiseConv2dNativeBackpropFilter and -Input, multipliers 1 and 2', async () => {
    for (const c of depthwiseCases) await expectAgreement(c, true);
  });

  it('depthwise gradient kernels with dilation 2 at stride 1, against an undilated zero-stuffed filter on cpu', async () => {
    // tfjs defines no dilated depthwise gradient and the cpu kernels ignore dilation, so the reference is the
    // gradient of the equivalent undilated convolution whose (2k-1)x(2k-1) filter has zeros between the taps.
    for (const pad of PADS) {
      for (const kernel of [3, 5]) {
        const c: Case = { batch: 2, height: 11, width: 10, kernel, stride: 1, pad, channels: 3, second: 2, dilation: 2 };
        const oh = outputSize(c.height, kernel, 1, pad, 0, 2);
        const ow = outputSize(c.width, kernel, 1, pad, 1, 2);
        const xValues = seededNormal(kernel, 2 * 11 * 10 * 3);
        const wValues = seededNormal(kernel + 1, kernel * kernel * 6);
        const dyValues = seededNormal(kernel + 2, 2 * oh * ow * 6);
        const big = 2 * kernel - 1;
        const stuffed = new Float32Array(big * big * 6);
        for (let i = 0; i < kernel; i++)
          for (let j = 0; j < kernel; j++)
            for (let k = 0; k < 6; k++) stuffed[(2 * i * big + 2 * j) * 6 + k] = wValues[(i * kernel + j) * 6 + k]!;
        const [refDx, refDwStuffed] = await runOn('cpu', () => {
          const x = tf.tensor4d(xValues, [2, 11, 10, 3]);
          const w = tf.tensor4d(stuffed, [big, big, 3, 2]);
          const dy = tf.tensor4d(dyValues, [2, oh, ow, 6]);
          const f = (xi: tf.Tensor4D, wi: tf.Tensor4D) => tf.sum(tf.mul(tf.depthwiseConv2d(xi, wi, 1, pad), dy));
          return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, w]);
        });
        const refDw = new Float32Array(kernel * kernel * 6);
        for (let i = 0; i < kernel; i++)
          for (let j = 0; j < kernel; j++)
            for (let k = 0; k < 6; k++) refDw[(i * kernel + j) * 6 + k] = refDwStuffed![(2 * i * big + 2 * j) * 6 + k]!;
        const [wasmDw, wasmDx] = await runOn('wasm', () => {
          const x = tf.tensor4d(xValues, [2, 11, 10, 3]);
          const w = tf.tensor4d(wValues, [kernel, kernel, 3, 2]);
          const dy = tf.tensor4d(dyValues, [2, oh, ow, 6]);
          const attrs = { strides: 1, dilations: 2, pad };
          return [
            tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: [kernel, kernel, 3, 2] }),
            tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...attrs, inputShape: [2, 11, 10, 3] }),
          ] as tf.Tensor[];
        });
        expect(maxRelativeError(wasmDw!, refDw), `dw ${describeCase(c)}`).toBeLessThanOrEqual(TOLERANCE);
        expect(maxRelativeError(wasmDx!, refDx!), `dx ${describeCase(c)}`).toBeLessThanOrEqual(TOLERANCE);
      }
    }
  });

  it('the 1x1 GEMM path of Conv2DBackpropInput at a realistic size', async () => {
    await expectAgreement({ batch: 4, height: 8, width: 8, kernel: 1, stride: 1, pad: 'valid', channels: 24, second: 40, dilation: 1 }, false);
  });
});

describe('unsupported attributes fail clearly', () => {
  it('rejects dilation > 1 together with stride > 1', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 9, 9, 2]);
    const dy = tf.zeros([1, 3, 3, 2]);
    expect(() =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, {
        strides: 2, dilations: 2, pad: 'same', filterShape: [3, 3, 2, 1],
      }),
    ).toThrow(/dilations \[2,2\] > 1 together with strides \[2,2\]/);
    tf.dispose([x, dy]);
  });

  it('rejects NCHW data and non-float operands, and a dy of the wrong shape', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 5, 5, 2]);
    const dy = tf.zeros([1, 5, 5, 3]);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] }),
    ).toThrow(/dataFormat 'NCHW' is not supported/);
    const wrong = tf.zeros([1, 4, 4, 3]);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: wrong }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] }),
    ).toThrow(/dy has shape \[1,4,4,3\], expected \[1,5,5,3\]/);
    const ints = tf.zeros([1, 5, 5, 2], 'int32');
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: ints, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] }),
    ).toThrow(/expected float32 operands, got int32/);
    tf.dispose([x, dy, wrong, ints]);
  });
});
