/**
 * The Pareto front of points where a smaller `x` (latency, MACs) and a larger `y` (accuracy) are better: the
 * points no other point dominates (another point dominates when it is at least as good in both and better in
 * one), sorted by increasing `x`. Of identical points, the first is kept.
 *
 * @example
 * paretoFront([{ x: 1, y: 0.8 }, { x: 2, y: 0.7 }, { x: 3, y: 0.9 }], (p) => p.x, (p) => p.y);
 * // [{ x: 1, y: 0.8 }, { x: 3, y: 0.9 }]
 */
export function paretoFront<T>(points: readonly T[], x: (point: T) => number, y: (point: T) => number): T[] {
  const sorted = points
    .map((point, index) => ({ point, index, x: x(point), y: y(point) }))
    .sort((a, b) => a.x - b.x || b.y - a.y || a.index - b.index);
  const front: T[] = [];
  let bestY = -Infinity;
  for (const entry of sorted) {
    if (entry.y > bestY) {
      front.push(entry.point);
      bestY = entry.y;
    }
  }
  return front;
}

/**
 * Whether some point of `others` dominates (`x` ≤ and `y` ≥, one of them strictly) the point (`x`, `y`): a
 * searched architecture "below the random front" is one that a random architecture dominates.
 *
 * @example
 * isDominated(2, 0.8, [{ x: 1, y: 0.85 }], (p) => p.x, (p) => p.y); // true
 */
export function isDominated<T>(x: number, y: number, others: readonly T[], otherX: (point: T) => number, otherY: (point: T) => number): boolean {
  return others.some((other) => {
    const ox = otherX(other);
    const oy = otherY(other);
    return ox <= x && oy >= y && (ox < x || oy > y);
  });
}
