import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { settledLatency } from './settled-latency';

/** A stand-in model whose n-th predict takes `costMs(n)` of wall time (busy-waiting), like a backend warming up. */
function warmingModel(costMs: (call: number) => number): LayersModel {
  let calls = 0;
  return {
    predict: () => {
      const until = performance.now() + costMs(calls++);
      while (performance.now() < until) { /* busy */ }
      return tf.scalar(0);
    },
  } as unknown as LayersModel;
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('settledLatency', () => {
  it('times passes until the median stops falling, and returns the last one', () => {
    // 4 ms at first, 1 ms from the 120th call on.
    const model = warmingModel((call) => Math.max(1, 4 - call / 40));
    const input = tf.zeros([1, 2]);
    const before = tf.memory().numTensors;
    const result = settledLatency(model, input, { warmup: 10, repeats: 50, tolerance: 0.1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.settled).toBe(true);
    expect(result.passes.length).toBeGreaterThanOrEqual(3);
    expect(result.passes[0]!).toBeGreaterThan(2.5 * result.medianUs);
    expect(result.medianUs).toBeGreaterThan(900);
    expect(result.medianUs).toBeLessThan(1500);
    expect(result.medianUs).toBe(result.passes.at(-1));
    input.dispose();
  });

  it('stops after maxPasses, saying it did not settle; rejects bad options', () => {
    // Every call 0.05 ms faster than the one before it, from 6 ms, and a tolerance of 0: only two passes with the very
    // same median (to the µs fraction) would settle. (A tolerance of 1 % was met by chance on a machine loaded enough
    // to stretch the busy-waits of a pass.)
    const model = warmingModel((call) => Math.max(0, 6 - call * 0.05));
    const input = tf.zeros([1, 2]);
    const result = settledLatency(model, input, { warmup: 0, repeats: 20, maxPasses: 3, tolerance: 0 });
    expect(result.settled).toBe(false);
    expect(result.passes).toHaveLength(3);
    expect(() => settledLatency(model, input, { maxPasses: 1 })).toThrow('settledLatency: maxPasses: expected an integer ≥ 2, got 1');
    expect(() => settledLatency(model, input, { tolerance: -1 })).toThrow('settledLatency: tolerance: expected a number ≥ 0, got -1');
    input.dispose();
  });
});
