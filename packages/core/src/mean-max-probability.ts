/**
 * How decided a search is: the mean over θ's rows (layers, or a mask search's choices) of the largest probability
 * of softmax(θ) — 1 when every row has chosen — and the same for uniform probabilities (the mean of 1 / options).
 * Rows without options are left out; with none left, both are 0.
 *
 * @example
 * meanMaxProbability({ a: { x: 0.9, y: 0.1 }, b: { x: 0.5, y: 0.5 } }); // { mean: 0.7, uniform: 0.5 }
 */
export function meanMaxProbability(probabilities: Readonly<Record<string, Readonly<Record<string, number>>>>): { mean: number; uniform: number } {
  const rows = Object.values(probabilities).map((row) => Object.values(row)).filter((row) => row.length > 0);
  if (rows.length === 0) return { mean: 0, uniform: 0 };
  const mean = rows.reduce((sum, row) => sum + Math.max(...row), 0) / rows.length;
  const uniform = rows.reduce((sum, row) => sum + 1 / row.length, 0) / rows.length;
  return { mean, uniform };
}
