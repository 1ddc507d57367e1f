import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { linearLatency } from '@fbnas/core';
import { loadMaskSpace } from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLatencyModel } from './build-latency-model';
import { assertModelMatchesSpace, parseLatencyModel } from './parse-latency-model';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('buildLatencyModel', () => {
  it('times random networks of a mask space on the active backend and fits a valid model to them, leaking no tensor', async () => {
    const space = loadMaskSpace('fbnetv2-micro-28');
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const model = await buildLatencyModel(space, { networks: 8, seed: 3, warmup: 2, repeats: 5, onProgress: (done) => progress.push(done) });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseLatencyModel(model)).toBe(model);
    assertModelMatchesSpace(model, space);
    expect(model.metadata).toMatchObject({ backend: 'wasm', warmup: 2, repeats: 5 });
    expect(model.fit).toMatchObject({ networks: 8, seed: 3 });
    // A network of the space's size is predicted at tens to thousands of µs (a sanity range, not a timing claim).
    const predicted = linearLatency(model.coefficients, { layers: 45, macs: 5e5, outputElements: 6e4 });
    expect(predicted).toBeGreaterThan(10);
    expect(predicted).toBeLessThan(1e5);
  });
});
