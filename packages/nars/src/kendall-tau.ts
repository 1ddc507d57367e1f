/**
 * Kendall's rank correlation τ-b of two equally long lists (ties handled as τ-b): 1 for the same order, −1 for the
 * reverse, ≈ 0 for unrelated. The measure of FBNetV3's predictor (predicted vs measured accuracy). O(n²).
 *
 * @throws Error for lists of different lengths or fewer than two items.
 * @example
 * kendallTau([1, 2, 3, 4], [10, 20, 40, 30]); // 0.666…
 */
export function kendallTau(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length < 2) throw new Error(`kendallTau: expected two lists of the same length ≥ 2, got ${a.length} and ${b.length}`);
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign(a[i]! - a[j]!);
      const db = Math.sign(b[i]! - b[j]!);
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA += 1;
      else if (db === 0) tiesB += 1;
      else if (da === db) concordant += 1;
      else discordant += 1;
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
  return denominator === 0 ? 0 : (concordant - discordant) / denominator;
}
