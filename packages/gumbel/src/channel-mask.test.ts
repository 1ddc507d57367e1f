import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyChannelMask, channelIndicator, channelMask } from './channel-mask';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', env: {} });
});

const options = [2, 5, 3];
const maxChannels = 6;

describe('channelIndicator', () => {
  it('keeps the first cᵢ channels in row i', () => {
    expect(channelIndicator(options, maxChannels).arraySync()).toEqual([
      [1, 1, 0, 0, 0, 0],
      [1, 1, 1, 1, 1, 0],
      [1, 1, 1, 0, 0, 0],
    ]);
    expect(() => channelIndicator([2, 7], 6)).toThrow("channelIndicator: options: expected channel counts ≤ the block's maximum width 6, got 7");
    expect(() => channelIndicator([], 6)).toThrow('expected at least one channel count');
  });
});

describe('channelMask', () => {
  const indicator = channelIndicator(options, maxChannels);

  it('one-hot weights give exactly the 0/1 indicator of that option', () => {
    options.forEach((count, i) => {
      const mask = channelMask(tf.tensor1d(options.map((_, k) => (k === i ? 1 : 0))), indicator).arraySync();
      expect(mask).toEqual(Array.from({ length: maxChannels }, (_, j) => (j < count ? 1 : 0)));
    });
  });

  it('soft weights give Σᵢ gᵢ·𝟙ᵢ (channel j: the total weight of the options with cᵢ > j)', () => {
    const g = [0.5, 0.2, 0.3];
    const mask = channelMask(tf.tensor1d(g), indicator).arraySync();
    const expected = Array.from({ length: maxChannels }, (_, j) => g.reduce((s, w, i) => s + (j < options[i]! ? w : 0), 0));
    mask.forEach((value, j) => expect(value).toBeCloseTo(expected[j]!, 6));
  });

  it('∂L/∂gᵢ equals the upstream gradient summed over the first cᵢ channels (masked NHWC map)', () => {
    const x = tf.randomNormal([2, 3, 3, maxChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
    const upstream = tf.randomNormal([2, 3, 3, maxChannels], 0, 1, 'float32', 2);
    const loss = (g: tf.Tensor) => tf.sum(tf.mul(applyChannelMask(x, channelMask(g, indicator)), upstream));
    const gradient = tf.grad(loss)(tf.tensor1d([0.5, 0.2, 0.3])).arraySync() as number[];
    // Hand formula: ∂L/∂Mⱼ = Σ_{n,h,w} x·u, and ∂L/∂gᵢ = Σ_{j < cᵢ} ∂L/∂Mⱼ.
    const xs = x.dataSync();
    const us = upstream.dataSync();
    const perChannel = Array.from({ length: maxChannels }, () => 0);
    for (let index = 0; index < xs.length; index++) perChannel[index % maxChannels]! += xs[index]! * us[index]!;
    options.forEach((count, i) => {
      const expected = perChannel.slice(0, count).reduce((s, v) => s + v, 0);
      expect(gradient[i]).toBeCloseTo(expected, 4);
    });
  });

  it('rejects mismatched shapes', () => {
    expect(() => channelMask(tf.tensor1d([1, 0]), indicator)).toThrow(/expected weights of shape \[K\].*got weights \[2\], indicator \[3,6\]/);
    expect(() => applyChannelMask(tf.zeros([1, 2, 2, 4]) as tf.Tensor4D, tf.ones([6]) as tf.Tensor1D))
      .toThrow('applyChannelMask: expected x of shape [N, H, W, C] and a mask of shape [C]; got x [1,2,2,4], mask [6]');
  });
});

describe('applyChannelMask', () => {
  it('multiplies channel j of every pixel by mask j', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 1, 4]);
    const y = applyChannelMask(x, tf.tensor1d([1, 0.5, 0, 2])).dataSync();
    expect(Array.from(y)).toEqual([1, 1, 0, 8, 5, 3, 0, 16]);
  });
});
