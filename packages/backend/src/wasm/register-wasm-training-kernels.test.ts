import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../select-backend';
import { registerWasmTrainingKernels, wasmTrainingKernelsRegistered } from './register-wasm-training-kernels';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('registerWasmTrainingKernels', () => {
  it('registers once, and unregister restores the registry as it was', async () => {
    const first = registerWasmTrainingKernels();
    expect(registerWasmTrainingKernels()).toBe(first);
    const ours = tf.getKernel('Conv2DBackpropInput', 'wasm');
    first.unregister();
    expect(wasmTrainingKernelsRegistered()).toBe(false);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')).toBeUndefined();
    const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
    expect(original).toBeDefined();
    expect(original!.kernelFunc).not.toBe(ours!.kernelFunc);

    // Without fbnas's kernels, tfjs cannot train a convolution on wasm: the gap this package fills.
    const x = tf.ones([1, 4, 4, 2]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 2, 2]) as tf.Tensor4D;
    expect(() => tf.grad((wi: tf.Tensor) => tf.sum(tf.conv2d(x, wi as tf.Tensor4D, 1, 'same')))(w)).toThrow(
      /Conv2DBackpropFilter' not registered for backend 'wasm'/,
    );
    const again = registerWasmTrainingKernels();
    expect(again.kernelNames).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Identity', 'FbnasBatchNormForward']));
    const dw = tf.grad((wi: tf.Tensor) => tf.sum(tf.conv2d(x, wi as tf.Tensor4D, 1, 'same')))(w);
    // Each filter tap sums the input over the positions where it lands inside the 4x4 image: corners 9, edges 12, centre 16.
    expect(Array.from(dw.dataSync()).slice(0, 2)).toEqual([9, 9]);
    expect(dw.dataSync()[4 * 2 * 2]).toBe(16);
    tf.dispose([x, w, dw]);
  });

  it('shares buffers in Identity without leaking or aliasing freed memory', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory();
    const a = tf.tensor1d([1, 2, 3]);
    const b = a.clone();
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    const c = tf.add(b, 1);
    b.dispose();
    expect(Array.from(c.dataSync())).toEqual([2, 3, 4]);
    c.dispose();
    const after = tf.memory();
    expect([after.numTensors, after.numBytes]).toEqual([before.numTensors, before.numBytes]);
    const s = tf.tensor1d(['x', 'y'], 'string');
    expect(s.clone().arraySync()).toEqual(['x', 'y']);
  });
});
