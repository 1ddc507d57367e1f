/**
 * Channel rounding of the FBNet family (spec §3, mobile-vision's `make_divisible`): rounds a real channel count
 * `value` to a multiple of `divisor`, to the nearest multiple with ties away from zero, never shrinking by more
 * than 5 % and never below `divisor`. `value` must not be truncated first: 24 × 1.7912 = 42.9888 gives 48, while
 * 42 would give 40.
 *
 * 1. exact multiple of `divisor`: the value itself;
 * 2. otherwise `q = round(value / divisor)` (ties away from zero, at least 1), `result = q · divisor`, plus one
 *    more `divisor` if `result < 0.95 · value`;
 * 3. at least `divisor`.
 *
 * @param value - the real-valued width (channels), e.g. `in × expansion`.
 * @param divisor - a positive integer (channels).
 * @returns a positive multiple of `divisor` (channels).
 * @throws Error when `value` is not finite or `divisor` is not a positive integer.
 * @example
 * makeDivisible(8 * 5.4566, 8); // 48 (43.65 → 40, below 95 % → 48)
 * makeDivisible(36, 8); // 40 (4.5 rounds away from zero)
 * makeDivisible(120, 1); // 120
 */
export function makeDivisible(value: number, divisor: number): number {
  if (!Number.isFinite(value)) throw new Error(`makeDivisible: expected a finite value, got ${value}`);
  if (!Number.isInteger(divisor) || divisor < 1) {
    throw new Error(`makeDivisible: expected a positive integer divisor, got ${divisor}`);
  }
  if (value <= 0) return divisor;
  let result: number;
  if (value % divisor === 0) {
    result = Math.trunc(value);
  } else {
    const quotient = Math.max(1, Math.floor(value / divisor + 0.5));
    result = quotient * divisor;
    if (result < 0.95 * value) result += divisor;
  }
  return Math.max(result, divisor);
}
