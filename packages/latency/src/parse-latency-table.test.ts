import { FormatError } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { tinyTable } from './__fixtures__/tiny-space';
import { parseLatencyTable } from './parse-latency-table';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function withChange(change: (table: Mutable) => void): unknown {
  const table = structuredClone(tinyTable()) as Mutable;
  change(table);
  return table;
}

describe('parseLatencyTable', () => {
  it('accepts a valid table and returns it', () => {
    const table = tinyTable();
    expect(parseLatencyTable(table)).toBe(table);
    const metadata: Mutable = { ...table.metadata, gpu: 'NVIDIA H100' };
    delete metadata.predictOverhead;
    expect(() => parseLatencyTable({ ...table, metadata })).not.toThrow();
  });

  it.each<[string, (table: Mutable) => void, string]>([
    ['unknown key', (t) => { t.device = 'x'; }, 'device: unknown key; expected one of format, space, unit'],
    ['format', (t) => { t.format = 'fbnas.lut/v2'; }, 'format: expected "fbnas.lut/v1", got "fbnas.lut/v2"'],
    ['space hash', (t) => { t.space.sha256 = 'abc'; }, 'space.sha256: expected a SHA-256 digest (64 lowercase hex digits), got "abc"'],
    ['space name', (t) => { t.space.name = ''; }, 'space.name: expected a non-empty string, got ""'],
    ['unit', (t) => { t.unit = 'ms'; }, 'unit: expected one of "us", "macs", got "ms"'],
    ['batch', (t) => { t.batchSize = 0; }, 'batchSize: expected a positive integer, got 0'],
    ['metadata key', (t) => { t.metadata.os = 'linux'; }, 'metadata.os: unknown key'],
    ['cores', (t) => { t.metadata.cores = 1.5; }, 'metadata.cores: expected a positive integer, got 1.5'],
    ['date', (t) => { t.metadata.date = 'yesterday'; }, 'metadata.date: expected an ISO 8601 date, got "yesterday"'],
    ['overhead', (t) => { t.metadata.predictOverhead = 'maybe'; }, 'metadata.predictOverhead: expected "included" or "subtracted", got "maybe"'],
    ['fixed', (t) => { t.fixed = []; }, 'fixed: expected an object {"blockPath": stat, ...}, got []'],
    ['fixed stat', (t) => { t.fixed.head.p90 = Number.NaN; }, 'fixed.head.p90: expected a finite number ≥ 0, got NaN'],
    ['path key', (t) => { t.fixed['backbone.stages.xif0_0'].count = -1; }, 'fixed["backbone.stages.xif0_0"].count: expected a non-negative integer, got -1'],
    ['row', (t) => { t.layers.a_0 = 3; }, 'layers.a_0: expected an object {"candidate": stat, ...}, got 3'],
    ['median', (t) => { t.layers.a_0.k5_e3.median = -3; }, 'layers.a_0.k5_e3.median: expected a finite number ≥ 0, got -3'],
    ['stat key', (t) => { t.layers.a_1.skip.mean = 1; }, 'layers.a_1.skip.mean: unknown key; expected one of median, p90, std, count, key'],
    ['latency key', (t) => { delete t.layers.a_1.skip.key; }, 'layers.a_1.skip.key: expected a non-empty string, got nothing'],
  ])('names the path: %s', (_name, change, message) => {
    const value = withChange(change);
    expect(() => parseLatencyTable(value)).toThrow(FormatError);
    expect(() => parseLatencyTable(value)).toThrow(message);
  });

  it('rejects a non-object root', () => {
    expect(() => parseLatencyTable([])).toThrow('(root): expected an fbnas.lut/v1 object, got []');
  });
});
