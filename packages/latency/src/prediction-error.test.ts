import { describe, expect, it } from 'vitest';
import { predictionError } from './prediction-error';

describe('predictionError', () => {
  it('gives the median and p95 absolute percent error and Spearman ρ (by hand)', () => {
    // errors: 10 %, 5 %, 20 %, 0 % → median 7.5; p95 by linear interpolation 20 − 0.15·(20 − 10) = 18.5
    const error = predictionError([110, 190, 240, 400], [100, 200, 300, 400]);
    expect(error.medianAbsolutePercentError).toBeCloseTo(7.5, 10);
    expect(error.p95AbsolutePercentError).toBeCloseTo(18.5, 10);
    expect(error.spearman).toBeCloseTo(1, 10);
    expect(predictionError([3, 2, 1], [1, 2, 3]).spearman).toBeCloseTo(-1, 10);
  });

  it('is NaN for no pairs', () => {
    expect(predictionError([], []).medianAbsolutePercentError).toBeNaN();
  });
});
