import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { mixResolutions, placeOnGrid, subsample, subsampleIndices } from './resolution-mask';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', env: {} });
});

const grid = (values: number[][]) => tf.tensor4d(values.flat(), [1, values.length, values[0]!.length, 1]);
const rows = (t: tf.Tensor) => (t.arraySync() as number[][][][])[0]!.map((row) => row.map((pixel) => pixel[0]));
const oneHot = (index: number, length: number) => tf.tensor1d(Array.from({ length }, (_, i) => (i === index ? 1 : 0)));

describe('subsampleIndices', () => {
  it('keeps floor(i·S/r): every (S/r)-th pixel from 0 when r divides S', () => {
    expect(subsampleIndices(4, 2)).toEqual([0, 2]);
    expect(subsampleIndices(28, 14)).toEqual(Array.from({ length: 14 }, (_, i) => 2 * i));
    expect(subsampleIndices(28, 21).slice(0, 7)).toEqual([0, 1, 2, 4, 5, 6, 8]);
    expect(subsampleIndices(4, 4)).toEqual([0, 1, 2, 3]);
    expect(() => subsampleIndices(4, 5)).toThrow('subsampleIndices: resolution: expected an integer in [1, 4], got 5');
  });
});

describe('subsample and placeOnGrid (1×4×4×1 by hand)', () => {
  const x = grid([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]);

  it('subsample gathers the kept rows and columns', () => {
    expect(rows(subsample(x, 2))).toEqual([[0, 2], [8, 10]]);
    expect(rows(subsample(x, 3))).toEqual([[0, 1, 2], [4, 5, 6], [8, 9, 10]]);
    expect(rows(subsample(x, 4))).toEqual(rows(x));
    expect(rows(subsample(x, 1))).toEqual([[0]]);
  });

  it('placeOnGrid spreads the pixels back with zeros in between (Fig. 4C)', () => {
    expect(rows(placeOnGrid(grid([[1, 2], [3, 4]]), 4))).toEqual([[1, 0, 2, 0], [0, 0, 0, 0], [3, 0, 4, 0], [0, 0, 0, 0]]);
    expect(rows(placeOnGrid(grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), 4))).toEqual([[1, 2, 3, 0], [4, 5, 6, 0], [7, 8, 9, 0], [0, 0, 0, 0]]);
    // The round trip keeps exactly the subsampled pixels in place.
    expect(rows(placeOnGrid(subsample(x, 2), 4))).toEqual([[0, 0, 2, 0], [0, 0, 0, 0], [8, 0, 10, 0], [0, 0, 0, 0]]);
  });

  it('keeps batch and channels apart', () => {
    const batch = tf.concat([tf.concat([x, tf.neg(x)], 3), tf.concat([tf.add(x, 100), x], 3)], 0) as tf.Tensor4D;
    const small = subsample(batch, 2).arraySync() as number[][][][];
    expect(small[0]![1]![1]).toEqual([10, -10]);
    expect(small[1]![0]![1]).toEqual([102, 2]);
  });

  it('rejects non-square maps and grids smaller than the map', () => {
    expect(() => subsample(tf.zeros([1, 4, 3, 1]) as tf.Tensor4D, 2)).toThrow('subsample: x: expected a square NHWC map [N, S, S, C], got [1,4,3,1]');
    expect(() => placeOnGrid(grid([[1, 2], [3, 4]]), 1)).toThrow("placeOnGrid: size: expected an integer ≥ the map's size 2, got 1");
  });
});

describe('mixResolutions', () => {
  const x = tf.randomNormal([1, 6, 6, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
  const kernel = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  const conv = (t: tf.Tensor4D) => tf.conv2d(t, kernel, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const resolutions = [6, 3, 2];

  it('one-hot weights give exactly the single-resolution path', () => {
    resolutions.forEach((resolution, i) => {
      const mixed = mixResolutions(x, conv, resolutions, oneHot(i, 3));
      const single = placeOnGrid(conv(subsample(x, resolution)), 6);
      expect(Array.from(mixed.dataSync())).toEqual(Array.from(single.dataSync()));
    });
    expect(Array.from(mixResolutions(x, conv, resolutions, oneHot(0, 3)).dataSync())).toEqual(Array.from(conv(x).dataSync()));
  });

  it('soft weights: Σ gᵢ·pathᵢ, and ∂L/∂gᵢ = ⟨upstream, pathᵢ⟩', () => {
    const paths = resolutions.map((r) => placeOnGrid(conv(subsample(x, r)), 6));
    const g = tf.tensor1d([0.5, 0.3, 0.2]);
    const expected = tf.addN(paths.map((path, i) => tf.mul(path, [0.5, 0.3, 0.2][i]!)));
    const mixed = mixResolutions(x, conv, resolutions, g);
    expect(tf.max(tf.abs(tf.sub(mixed, expected))).dataSync()[0]).toBeLessThan(1e-5);
    const upstream = tf.randomNormal([1, 6, 6, 3], 0, 1, 'float32', 6);
    const gradient = tf.grad((w) => tf.sum(tf.mul(mixResolutions(x, conv, resolutions, w), upstream)))(g).dataSync();
    paths.forEach((path, i) => expect(gradient[i]).toBeCloseTo(tf.sum(tf.mul(path, upstream)).dataSync()[0]!, 4));
  });

  it('a strided op lands on the full-size op’s output grid (outputSize)', () => {
    // A stride-2 1×1 identity conv on 8×8: the full path keeps input pixels (2a, 2b); the 4×4 path keeps (4a, 4b),
    // which must land at output (2a, 2b), where the full path has the same input pixel.
    const input = tf.randomNormal([1, 8, 8, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
    const strided = (t: tf.Tensor4D) => tf.conv2d(t, tf.ones([1, 1, 1, 1]) as tf.Tensor4D, 2, 'valid');
    const full = rows(strided(input));
    const low = rows(mixResolutions(input, strided, [8, 4], oneHot(1, 2), { outputSize: 4 }));
    low.forEach((row, a) => row.forEach((value, b) => expect(value).toBe(a % 2 === 0 && b % 2 === 0 ? full[a]![b] : 0)));
    expect(() => mixResolutions(input, strided, [8, 4], oneHot(1, 2))).not.toThrow();
    expect(() => mixResolutions(input, (t) => tf.tile(t, [1, 2, 2, 1]), [8, 4], oneHot(1, 2)))
      .toThrow("placeOnGrid: size: expected an integer ≥ the map's size 16, got 8");
  });

  it('differentiates with a single resolution option (the one-option row of a benchmark)', () => {
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const weights = tf.variable(tf.tensor1d([1]));
    const { value, grads } = tf.variableGrads(() => tf.sum(mixResolutions(x, (t) => tf.relu(t) as tf.Tensor4D, [4], weights)) as tf.Scalar, [weights]);
    expect(value.dataSync()[0]).toBe(16);
    expect(grads[weights.name]!.dataSync()[0]).toBe(16);
    tf.dispose([x, weights, value, ...Object.values(grads)]);
  });

  it('rejects mismatched weights and resolutions larger than the input', () => {
    expect(() => mixResolutions(x, conv, [6, 3], oneHot(0, 3))).toThrow('mixResolutions: expected 2 weights (a [K] vector, one per resolution, K ≥ 1), got shape [3]');
    expect(() => mixResolutions(x, conv, [8, 3], oneHot(0, 2))).toThrow('subsampleIndices: resolution: expected an integer in [1, 6], got 8');
  });
});
