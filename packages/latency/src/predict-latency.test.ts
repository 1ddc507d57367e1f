import { describe, expect, it } from 'vitest';
import { tinyTable } from './__fixtures__/tiny-space';
import { fixedLatency, predictLatency } from './predict-latency';

describe('predictLatency', () => {
  it('sums the fixed blocks and the chosen candidates', () => {
    const table = tinyTable();
    expect(fixedLatency(table)).toBe(60);
    expect(predictLatency(table, { a_0: 'k5_e3', a_1: 'k3_e1' })).toBe(66);
    expect(predictLatency(table, { a_0: 'skip', a_1: 'skip' })).toBe(60);
  });

  it('names the layer for missing, unknown and invalid choices', () => {
    const table = tinyTable();
    expect(() => predictLatency(table, { a_0: 'skip' })).toThrow('a_1: missing layer');
    expect(() => predictLatency(table, { a_0: 'skip', a_1: 'skip', b_0: 'skip' })).toThrow("b_0: unknown layer; the table's layers are a_0, a_1");
    expect(() => predictLatency(table, { a_0: 'k7_e6', a_1: 'skip' })).toThrow("a_0: expected one of the table's candidates k3_e1, k5_e3, skip, got \"k7_e6\"");
  });
});
