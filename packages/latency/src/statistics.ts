/**
 * Order statistics used by latency tables and their validation (pure).
 */

/**
 * The `q`-th percentile by linear interpolation between the closest ranks (NumPy's default): position
 * `(n − 1) · q / 100` in the sorted values.
 *
 * @param q - percentile in [0, 100].
 * @throws Error for an empty list or q outside [0, 100].
 * @example
 * percentile([1, 2, 3, 4], 50); // 2.5
 * percentile([1, 2, 3, 4], 90); // 3.7
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('percentile: expected at least one value');
  if (!(q >= 0 && q <= 100)) throw new Error(`percentile: expected q in [0, 100], got ${q}`);
  const sorted = [...values].sort((left, right) => left - right);
  const position = ((sorted.length - 1) * q) / 100;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * The median (50th percentile; the mean of the two middle values for an even count).
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The sample standard deviation (divisor n − 1); 0 for fewer than two values.
 *
 * @example
 * standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]); // 2.138...
 */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  const squares = values.reduce((total, value) => total + (value - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}
