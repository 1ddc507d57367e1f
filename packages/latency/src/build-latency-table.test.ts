import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinySpace } from './__fixtures__/tiny-space';
import { assertTableMatchesSpace } from './assert-table-matches-space';
import { buildLatencyTable, type LatencyProgress } from './build-latency-table';
import { parseLatencyTable } from './parse-latency-table';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('buildLatencyTable', () => {
  it('measures every fixed block and (layer, candidate) pair once per key, keeping tensors flat', async () => {
    const space = tinySpace();
    const progress: LatencyProgress[] = [];
    const before = tf.memory().numTensors;
    const table = await buildLatencyTable(space, { batchSize: 2, warmup: 2, repeats: 5, onProgress: (step) => progress.push(step) });
    expect(tf.memory().numTensors).toBe(before);
    expect(parseLatencyTable(table)).toBe(table);
    expect(() => assertTableMatchesSpace(table, space)).not.toThrow();
    expect(table).toMatchObject({ unit: 'us', batchSize: 2 });
    expect(table.metadata).toMatchObject({ backend: 'wasm', threads: 1, warmup: 2, repeats: 5, predictOverhead: 'subtracted' });
    expect(Object.keys(table.fixed)).toEqual(['backbone.stages.xif0_0', 'backbone.stages.xif2_0', 'head']);
    expect(table.fixed['backbone.stages.xif0_0']!.key).toBe('conv-in:16x16x3-out:8x8x8-k:3-s:2-act:relu');
    expect(table.fixed.head!.median).toBeGreaterThan(0); // the head keeps the predict call and the readback
    expect(table.layers.a_0!.k5_e3).toMatchObject({ count: 5, key: 'ir-in:8x8x8-out:8x8x8-k:5-e:3-s:1-se:none-act:relu-d:1' });
    expect(table.layers.a_0!.skip).toEqual({ median: 0, p90: 0, std: 0, count: 0, key: 'skip-in:8x8x8-out:8x8x8-s:1' });
    expect(table.layers.a_1).toEqual(table.layers.a_0); // same shapes, same keys: measured once
    expect(progress.map((step) => `${step.entry}:${step.source}`)).toEqual([
      'fixed.backbone.stages.xif0_0:measured', 'fixed.backbone.stages.xif2_0:measured', 'fixed.head:measured',
      'layers.a_0.k3_e1:measured', 'layers.a_0.k5_e3:measured', 'layers.a_0.skip:empty',
      'layers.a_1.k3_e1:reused', 'layers.a_1.k5_e3:reused', 'layers.a_1.skip:reused',
    ]);
    expect(progress.at(-1)).toMatchObject({ done: 9, total: 9 });
    for (const step of progress) expect(step.stat.p90).toBeGreaterThanOrEqual(step.stat.median);
  });

  it('can keep the predict overhead in every entry', async () => {
    const table = await buildLatencyTable(tinySpace(), { batchSize: 1, warmup: 1, repeats: 3, subtractReadout: false });
    expect(table.metadata.predictOverhead).toBe('included');
    expect(table.layers.a_0!.k3_e1!.median).toBeGreaterThan(0);
  });

  it('rejects bad options', async () => {
    await expect(buildLatencyTable(tinySpace(), { batchSize: 0 })).rejects.toThrow('expected batchSize to be an integer ≥ 1, got 0');
    await expect(buildLatencyTable(tinySpace(), { batchSize: 1, repeats: 0 })).rejects.toThrow('expected repeats to be an integer ≥ 1');
  });
});
