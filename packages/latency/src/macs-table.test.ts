import { countArch } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { derive, loadSpace, randomSample } from '@fbnas/search-space';
import { describe, expect, it } from 'vitest';
import { assertTableMatchesSpace } from './assert-table-matches-space';
import { macsTable } from './macs-table';
import { parseLatencyTable } from './parse-latency-table';
import { predictLatency } from './predict-latency';

describe('macsTable', () => {
  it('gives an fbnas.lut/v1 table in MACs whose sums are countArch', () => {
    const ops = createBuiltinOpSpecRegistry();
    const space = loadSpace('fbnet-micro-28');
    const table = macsTable(space);
    expect(parseLatencyTable(table).unit).toBe('macs');
    expect(() => assertTableMatchesSpace(table, space)).not.toThrow();
    expect(table.metadata).toMatchObject({ backend: 'none', tfjsVersion: 'none', warmup: 0, repeats: 0 });
    expect(table.layers.c16_0!.k5_e6).toEqual({
      median: 1072512, p90: 1072512, std: 0, count: 1, key: 'ir-in:14x14x16-out:14x14x16-k:5-e:6-s:1-se:none-act:relu-d:1',
    });
    for (let seed = 0; seed < 20; seed++) {
      const sample = randomSample(space, seed);
      expect(predictLatency(table, sample)).toBe(countArch(derive(space, sample), ops).macs);
    }
  });
});
