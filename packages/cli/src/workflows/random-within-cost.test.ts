import { describe, expect, it } from 'vitest';
import { macsTable, predictLatency } from '@fbnas/latency';
import { loadSpace } from '@fbnas/search-space';
import { randomWithinCost } from './random-within-cost';

const space = loadSpace('fbnet-micro-28');
const table = macsTable(space);
const layerCost = (id: string, name: string) => table.layers[id]![name]!.median;
const cheapest = predictLatency(table, Object.fromEntries(space.layers.map((l) => [l.id, [...l.candidates].sort((a, b) => layerCost(l.id, a) - layerCost(l.id, b))[0]!])));
const dearest = predictLatency(table, Object.fromEntries(space.layers.map((l) => [l.id, [...l.candidates].sort((a, b) => layerCost(l.id, b) - layerCost(l.id, a))[0]!])));

describe('randomWithinCost', () => {
  it('returns distinct samples of the space, each at most the bound, with its LUT sum', () => {
    const bound = (cheapest + dearest) / 2;
    const drawn = randomWithinCost(space, table, bound, 20, 3);
    expect(drawn).toHaveLength(20);
    expect(new Set(drawn.map((d) => JSON.stringify(d.sample))).size).toBe(20);
    for (const { sample, predictedCost } of drawn) {
      expect(predictedCost).toBe(predictLatency(table, sample));
      expect(predictedCost).toBeLessThanOrEqual(bound);
      for (const layer of space.layers) expect(layer.candidates).toContain(sample[layer.id]);
    }
  });

  it('is deterministic for a seed, and another seed draws others', () => {
    const bound = (cheapest + dearest) / 2;
    expect(randomWithinCost(space, table, bound, 5, 1)).toEqual(randomWithinCost(space, table, bound, 5, 1));
    expect(randomWithinCost(space, table, bound, 5, 2)).not.toEqual(randomWithinCost(space, table, bound, 5, 1));
  });

  it('without a binding bound, picks every candidate of a layer about equally often (uniform)', () => {
    const drawn = randomWithinCost(space, table, Infinity, 900, 5);
    const layer = space.layers[0]!;
    const expected = 900 / layer.candidates.length;
    for (const name of layer.candidates) {
      const n = drawn.filter((d) => d.sample[layer.id] === name).length;
      expect(Math.abs(n - expected)).toBeLessThan(4 * Math.sqrt(expected)); // 4 σ of a binomial count
    }
  });

  it('names the bound and the cheapest cost it saw when the bound is below every architecture', () => {
    expect(() => randomWithinCost(space, table, cheapest - 1, 1, 0, 5000)).toThrow(/found 0 of 1 random architectures of fbnet-micro-28 with a predicted cost ≤ .* macs in 5000 draws \(the cheapest drawn: /);
  });
});
