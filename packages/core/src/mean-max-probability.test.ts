import { describe, expect, it } from 'vitest';
import { meanMaxProbability } from './mean-max-probability';

describe('meanMaxProbability', () => {
  it('averages each row\'s largest probability, and 1 / options per row for uniform', () => {
    const { mean, uniform } = meanMaxProbability({ a: { x: 0.9, y: 0.1 }, b: { x: 0.2, y: 0.3, z: 0.5 }, empty: {} });
    expect(mean).toBeCloseTo((0.9 + 0.5) / 2, 12);
    expect(uniform).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12);
    expect(meanMaxProbability({})).toEqual({ mean: 0, uniform: 0 });
  });
});
