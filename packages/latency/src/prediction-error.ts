import { spearman } from './spearman';
import { median, percentile } from './statistics';

/** How well predicted times match measured ones. */
export interface PredictionError {
  /** Median of |predicted − measured| / measured · 100 (%; NaN for no pairs). */
  medianAbsolutePercentError: number;
  /** Its 95th percentile (%; NaN for no pairs). */
  p95AbsolutePercentError: number;
  /** Spearman rank correlation of predicted and measured. */
  spearman: number;
}

/**
 * The error of predictions against measurements (pure): median and p95 absolute percent error, Spearman ρ.
 *
 * @example
 * predictionError([100, 210], [110, 200]); // { medianAbsolutePercentError: 7.27…, p95…, spearman: 1 }
 */
export function predictionError(predicted: readonly number[], measured: readonly number[]): PredictionError {
  const errors = predicted.map((p, i) => (Math.abs(p - measured[i]!) / measured[i]!) * 100);
  return {
    medianAbsolutePercentError: errors.length === 0 ? Number.NaN : median(errors),
    p95AbsolutePercentError: errors.length === 0 ? Number.NaN : percentile(errors, 95),
    spearman: spearman(predicted, measured),
  };
}
