import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { validateSample } from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinySpace, tinyTable } from './__fixtures__/tiny-space';
import { buildLatencyTable } from './build-latency-table';
import { macsTable } from './macs-table';
import { predictLatency } from './predict-latency';
import { validateLatencyTable } from './validate-latency-table';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('validateLatencyTable', () => {
  it('times whole networks and compares them with the table', async () => {
    const space = tinySpace();
    const table = await buildLatencyTable(space, { batchSize: 1, warmup: 2, repeats: 5 });
    const before = tf.memory().numTensors;
    const done: number[] = [];
    const report = await validateLatencyTable(space, table, { samples: 4, seed: 3, onProgress: (count) => done.push(count) });
    expect(tf.memory().numTensors).toBe(before);
    expect(done).toEqual([1, 2, 3, 4]);
    expect(report.rows).toHaveLength(4);
    for (const row of report.rows) {
      expect(() => validateSample(space, row.sample)).not.toThrow();
      expect(row.predictedUs).toBe(predictLatency(table, row.sample));
      expect(row.measuredUs).toBeGreaterThan(0);
      expect(row.absolutePercentError).toBeCloseTo((Math.abs(row.predictedUs - row.measuredUs) / row.measuredUs) * 100, 9);
    }
    expect(report.medianAbsolutePercentError).toBeGreaterThanOrEqual(0);
    expect(report.p95AbsolutePercentError).toBeGreaterThanOrEqual(report.medianAbsolutePercentError);
    expect(Number.isNaN(report.spearman) || Math.abs(report.spearman) <= 1).toBe(true);
  });

  it('refuses MAC tables, other backends and other spaces', async () => {
    const space = tinySpace();
    await expect(validateLatencyTable(space, macsTable(space))).rejects.toThrow('expected a table in us, got one in macs');
    const table = tinyTable();
    await expect(validateLatencyTable(space, { ...table, metadata: { ...table.metadata, backend: 'cpu' } })).rejects.toThrow(
      "the table was measured on 'cpu' but the active backend is 'wasm'",
    );
    await expect(validateLatencyTable(space, { ...table, space: { ...table.space, name: 'x' } })).rejects.toThrow('space.name');
  });
});
