import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { linearLatency } from '@fbnas/core';
import { loadMaskSpace } from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLatencyModel, timeMaskNetworks, validateLatencyModel } from './build-latency-model';
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

  it('validates a model on networks it was not fitted to (the seed after the fit\'s), checking space and backend', async () => {
    const space = loadMaskSpace('fbnetv2-micro-28');
    const model = await buildLatencyModel(space, { networks: 8, seed: 3, warmup: 2, repeats: 5 });
    const before = tf.memory().numTensors;
    const validation = await validateLatencyModel(space, model, { samples: 6 });
    expect(tf.memory().numTensors).toBe(before);
    expect(validation.rows).toHaveLength(6);
    for (const row of validation.rows) {
      expect(row.predictedUs).toBeCloseTo(linearLatency(model.coefficients, row.features), 9);
      expect(row.absolutePercentError).toBeCloseTo((Math.abs(row.predictedUs - row.measuredUs) / row.measuredUs) * 100, 9);
    }
    const sorted = validation.rows.map((r) => r.absolutePercentError).sort((a, b) => a - b);
    expect(validation.medianAbsolutePercentError).toBeCloseTo((sorted[2]! + sorted[3]!) / 2, 9);
    // Drawn with seed 4 (the fit's 3 + 1), not the fitted networks' seed.
    const features = async (seed: number) => (await timeMaskNetworks(space, 6, { seed, warmup: 0, repeats: 1 })).map((r) => r.features);
    expect(validation.rows.map((r) => r.features)).toEqual(await features(4));
    expect(validation.rows.map((r) => r.features)).not.toEqual(await features(3));
    await expect(validateLatencyModel(loadMaskSpace('fbnetv2-micro-32'), model)).rejects.toThrow("fitted on 'fbnetv2-micro-28'");
    await expect(validateLatencyModel(space, { ...model, metadata: { ...model.metadata, backend: 'cpu' } })).rejects.toThrow("fitted on 'cpu' but the active backend is 'wasm'");
  });
});
