import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32 } from './seeded-random';
import { shuffledIndices } from './shuffled-indices';

describe('mulberry32', () => {
  it('is the reference mulberry32 sequence', () => {
    const random = mulberry32(0);
    // mulberry32(0) reference outputs as uint32: 1144304738, 1416247 ... checked against the C original.
    expect(Math.round(random() * 4294967296)).toBe(1144304738);
    expect(Math.round(random() * 4294967296)).toBe(1416247);
  });

  it('stays in [0, 1) and repeats for the same seed', () => {
    const first = mulberry32(123);
    const second = mulberry32(123);
    for (let index = 0; index < 1000; index += 1) {
      const value = first();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(second()).toBe(value);
    }
  });
});

describe('deriveSeed', () => {
  it('is deterministic and separates neighbouring paths', () => {
    expect(deriveSeed(7, 1, 2)).toBe(deriveSeed(7, 1, 2));
    const seeds = new Set([deriveSeed(7), deriveSeed(7, 0), deriveSeed(7, 1), deriveSeed(8, 0), deriveSeed(7, 0, 0), deriveSeed(7, 1, 0)]);
    expect(seeds.size).toBe(6);
  });
});

describe('shuffledIndices', () => {
  it('gives the documented order', () => {
    expect(Array.from(shuffledIndices(5, 1))).toEqual([4, 2, 1, 0, 3]);
  });

  it('is a permutation that depends only on (count, seed)', () => {
    const order = shuffledIndices(100, 5);
    expect(Array.from(order).sort((left, right) => left - right)).toEqual(Array.from({ length: 100 }, (_, index) => index));
    expect(Array.from(shuffledIndices(100, 5))).toEqual(Array.from(order));
    expect(Array.from(shuffledIndices(100, 6))).not.toEqual(Array.from(order));
    expect(Array.from(order)).not.toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it('handles empty and single inputs and rejects bad arguments', () => {
    expect(shuffledIndices(0, 1).length).toBe(0);
    expect(Array.from(shuffledIndices(1, 1))).toEqual([0]);
    expect(() => shuffledIndices(-1, 1)).toThrow('shuffledIndices: count: expected a non-negative integer, got -1');
    expect(() => shuffledIndices(3, 0.5)).toThrow('shuffledIndices: seed: expected an integer seed, got 0.5');
  });
});
