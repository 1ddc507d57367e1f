import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelShuffle } from './channel-shuffle';
import { groupedConv2d } from './grouped-conv2d';
import { selectBackend } from './select-backend';
import { maxRelativeError, runOn } from './testing/compare-backends';
import { seededNormal } from './testing/seeded-random';

const CASES = [
  { inChannels: 4, outChannels: 6, groups: 2, kernel: 1, stride: 1, pad: 'valid' as const },
  { inChannels: 6, outChannels: 6, groups: 3, kernel: 3, stride: 2, pad: [[0, 0], [1, 1], [1, 1], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]] },
  { inChannels: 8, outChannels: 4, groups: 4, kernel: 3, stride: 1, pad: 'same' as const },
];

/** Expands a grouped filter [k,k,Cin/g,Cout] into the equivalent dense, block-diagonal filter [k,k,Cin,Cout]. */
function blockDiagonal(values: Float32Array, k: number, inChannels: number, outChannels: number, groups: number): Float32Array {
  const groupIn = inChannels / groups;
  const groupOut = outChannels / groups;
  const dense = new Float32Array(k * k * inChannels * outChannels);
  for (let tap = 0; tap < k * k; tap++)
    for (let i = 0; i < groupIn; i++)
      for (let o = 0; o < outChannels; o++) {
        const g = Math.floor(o / groupOut);
        dense[(tap * inChannels + g * groupIn + i) * outChannels + o] = values[(tap * groupIn + i) * outChannels + o]!;
      }
  return dense;
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('groupedConv2d', () => {
  for (const c of CASES) {
    it(`equals a dense conv with a block-diagonal filter, values and input gradients (${c.groups} groups, k${c.kernel}, s${c.stride})`, async () => {
      const xShape: [number, number, number, number] = [2, 7, 6, c.inChannels];
      const xValues = seededNormal(1, 2 * 7 * 6 * c.inChannels);
      const wValues = seededNormal(2, c.kernel * c.kernel * (c.inChannels / c.groups) * c.outChannels);
      const dense = blockDiagonal(wValues, c.kernel, c.inChannels, c.outChannels, c.groups);
      const reference = await runOn('cpu', () => {
        const x = tf.tensor4d(xValues, xShape);
        const w = tf.tensor4d(dense, [c.kernel, c.kernel, c.inChannels, c.outChannels]);
        const f = (xi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xi as tf.Tensor4D, w, c.stride, c.pad)));
        return [tf.conv2d(x, w, c.stride, c.pad), tf.grad(f)(x)];
      });
      for (const backend of ['cpu', 'wasm']) {
        const [y, dx, dw] = await runOn(backend, () => {
          const x = tf.tensor4d(xValues, xShape);
          const w = tf.tensor4d(wValues, [c.kernel, c.kernel, c.inChannels / c.groups, c.outChannels]);
          const f = (xi: tf.Tensor, wi: tf.Tensor) =>
            tf.sum(tf.square(groupedConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, c.stride, c.pad, c.groups)));
          return [groupedConv2d(x, w, c.stride, c.pad, c.groups), ...tf.grads(f)([x, w])];
        });
        expect(maxRelativeError(y!, reference[0]!), `${backend} y`).toBeLessThanOrEqual(1e-5);
        expect(maxRelativeError(dx!, reference[1]!), `${backend} dx`).toBeLessThanOrEqual(1e-4);
        expect(dw!.length).toBe(wValues.length);
        expect(Number.isFinite(dw![0]!)).toBe(true);
      }
    });
  }

  it('gives the same filter gradient on wasm and cpu', async () => {
    const compute = () => {
      const x = tf.tensor4d(seededNormal(3, 2 * 5 * 5 * 4), [2, 5, 5, 4]);
      const w = tf.tensor4d(seededNormal(4, 9 * 2 * 6), [3, 3, 2, 6]);
      const f = (wi: tf.Tensor) => tf.sum(tf.square(groupedConv2d(x, wi as tf.Tensor4D, 1, 'same', 2)));
      return [tf.grad(f)(w)];
    };
    const [cpu] = await runOn('cpu', compute);
    const [wasm] = await runOn('wasm', compute);
    expect(maxRelativeError(wasm!, cpu!)).toBeLessThanOrEqual(1e-4);
  });

  it('rejects group counts that do not divide the channels', () => {
    const x = tf.zeros([1, 4, 4, 6]) as tf.Tensor4D;
    const w = tf.zeros([1, 1, 3, 4]) as tf.Tensor4D;
    expect(() => groupedConv2d(x, w, 1, 'valid', 4)).toThrow(/with 4 groups, expected input channels \(6\)/);
    expect(() => groupedConv2d(x, w, 1, 'valid', 0)).toThrow(/groups must be a positive integer, got 0/);
    tf.dispose([x, w]);
  });
});

describe('channelShuffle', () => {
  it('interleaves the groups as ShuffleNet does', () => {
    const x = tf.tensor4d([0, 1, 2, 3, 4, 5], [1, 1, 1, 6]);
    expect(Array.from(channelShuffle(x, 2).dataSync())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(Array.from(channelShuffle(x, 3).dataSync())).toEqual([0, 2, 4, 1, 3, 5]);
    expect(Array.from(channelShuffle(x, 1).dataSync())).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => channelShuffle(x, 4)).toThrow(/dividing 6 channels, got 4/);
  });
});
