import { describe, expect, it } from 'vitest';
import { shuffledIndices } from './shuffled-indices';

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
