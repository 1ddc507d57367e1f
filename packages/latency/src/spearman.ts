/**
 * Ranks from 1 to n, ties getting the average of the ranks they span.
 *
 * @example
 * averageRanks([10, 30, 20, 20]); // [1, 4, 2.5, 2.5]
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((left, right) => left.value - right.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position++) ranks[order[position]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation: the Pearson correlation of the average ranks (correct with ties).
 *
 * @returns a number in [−1, 1]; NaN when either list is constant or shorter than 2.
 * @throws Error when the lists differ in length.
 * @example
 * spearman([1, 2, 3, 4], [10, 20, 40, 30]); // 0.8
 */
export function spearman(left: readonly number[], right: readonly number[]): number {
  if (left.length !== right.length) throw new Error(`spearman: expected lists of equal length, got ${left.length} and ${right.length}`);
  if (left.length < 2) return Number.NaN;
  return pearson(averageRanks(left), averageRanks(right));
}

function pearson(left: readonly number[], right: readonly number[]): number {
  const mean = (values: readonly number[]) => values.reduce((total, value) => total + value, 0) / values.length;
  const leftMean = mean(left);
  const rightMean = mean(right);
  let covariance = 0;
  let leftSquares = 0;
  let rightSquares = 0;
  left.forEach((value, index) => {
    const leftDelta = value - leftMean;
    const rightDelta = right[index]! - rightMean;
    covariance += leftDelta * rightDelta;
    leftSquares += leftDelta ** 2;
    rightSquares += rightDelta ** 2;
  });
  if (leftSquares === 0 || rightSquares === 0) return Number.NaN;
  return covariance / Math.sqrt(leftSquares * rightSquares);
}
