import { describe, expect, it } from 'vitest';
import { median, percentile, standardDeviation } from './statistics';

describe('statistics', () => {
  it('interpolates percentiles between the closest ranks', () => {
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 12); // position 2.7
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 95)).toBeCloseTo(105, 12); // position 9.5
    expect(percentile([7], 90)).toBe(7);
    expect(() => percentile([], 50)).toThrow('at least one value');
    expect(() => percentile([1], 101)).toThrow('q in [0, 100]');
  });

  it('takes medians of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('computes the sample standard deviation', () => {
    // mean 5, squared deviations sum to 32, n - 1 = 7
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardDeviation([5])).toBe(0);
  });
});
