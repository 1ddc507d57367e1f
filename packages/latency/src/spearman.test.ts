import { describe, expect, it } from 'vitest';
import { averageRanks, spearman } from './spearman';

describe('averageRanks', () => {
  it('ranks from 1 and averages ties', () => {
    expect(averageRanks([10, 30, 20, 20])).toEqual([1, 4, 2.5, 2.5]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(averageRanks([3, 1, 2])).toEqual([3, 1, 2]);
    expect(averageRanks([])).toEqual([]);
  });
});

describe('spearman', () => {
  it('matches 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // ranks [1,2,3,4] vs [1,2,4,3]: Σd² = 2, 1 − 12/60 = 0.8
    expect(spearman([1, 2, 3, 4], [10, 20, 40, 30])).toBeCloseTo(0.8, 12);
    // ranks [1..5] vs [5,3,4,1,2]: d = [-4,-1,-1,3,3], Σd² = 36, 1 − 216/120 = −0.8
    expect(spearman([1, 2, 3, 4, 5], [50, 30, 40, 10, 20])).toBeCloseTo(-0.8, 12);
    expect(spearman([1, 2, 3], [2, 4, 8])).toBeCloseTo(1, 12);
  });

  it('uses the Pearson correlation of average ranks with ties', () => {
    // x ranks [1, 2.5, 2.5, 4], y ranks [1, 2, 3, 4]: deviations [-1.5, 0, 0, 1.5] and [-1.5, -0.5, 0.5, 1.5];
    // covariance 4.5, variances 4.5 and 5 → 4.5 / √22.5
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('is NaN for constant or too short lists and rejects different lengths', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([1], [2])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrow('equal length');
  });
});
