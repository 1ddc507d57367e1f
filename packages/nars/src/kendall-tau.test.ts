import { describe, expect, it } from 'vitest';
import { kendallTau } from './kendall-tau';

describe('kendallTau', () => {
  it("equals SciPy's kendalltau (τ-b) on hand examples, ties included", () => {
    // scipy.stats.kendalltau([1,2,3,4],[10,20,40,30]) = 0.6667; ([1,2,2,3,5,4],[1,3,2,2,5,6]) = 0.6429
    expect(kendallTau([1, 2, 3, 4], [10, 20, 40, 30])).toBeCloseTo(0.6666666666666669, 12);
    expect(kendallTau([1, 2, 2, 3, 5, 4], [1, 3, 2, 2, 5, 6])).toBeCloseTo(0.6428571428571429, 12);
    expect(kendallTau([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(() => kendallTau([1], [1])).toThrow('kendallTau: expected two lists of the same length ≥ 2, got 1 and 1');
  });
});
