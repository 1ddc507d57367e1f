import { parseSpace } from '@fbnas/search-space';
import { describe, expect, it } from 'vitest';
import { stat, tinySpace, tinyTable } from './__fixtures__/tiny-space';
import { assertTableMatchesSpace } from './assert-table-matches-space';
import type { LatencyTable } from './latency-table';

function check(change: (table: LatencyTable) => void): () => void {
  const table = tinyTable();
  change(table);
  return () => assertTableMatchesSpace(table, tinySpace());
}

describe('assertTableMatchesSpace', () => {
  it('accepts the table of the space', () => {
    expect(check(() => undefined)).not.toThrow();
  });

  it('rejects another space or another version of it', () => {
    expect(check((t) => { t.space.name = 'other'; })).toThrow("space.name: expected the table of space 'latency-tiny', got one of 'other'");
    const changed = parseSpace({ ...tinySpace().definition, numClasses: 5 });
    expect(() => assertTableMatchesSpace(tinyTable(), changed)).toThrow(/^space\.sha256: the table was measured for another version of space 'latency-tiny'/);
  });

  it('names missing and extra entries', () => {
    expect(check((t) => { delete t.fixed.head; })).toThrow('fixed.head: missing entry for this fixed block');
    expect(check((t) => { t.fixed['backbone.stages.xif9_0'] = stat(1); })).toThrow(`fixed["backbone.stages.xif9_0"]: not a fixed block of space 'latency-tiny'`);
    expect(check((t) => { delete t.layers.a_1; })).toThrow('layers.a_1: missing entry for this layer');
    expect(check((t) => { delete t.layers.a_1!.k5_e3; })).toThrow('layers.a_1.k5_e3: missing entry for this candidate');
    expect(check((t) => { t.layers.a_1!.k7_e6 = stat(1); })).toThrow("layers.a_1.k7_e6: not a candidate of layer 'a_1' (k3_e1, k5_e3, skip)");
    expect(check((t) => { t.layers.b_0 = {}; })).toThrow("layers.b_0: not a layer of space 'latency-tiny'");
  });
});
