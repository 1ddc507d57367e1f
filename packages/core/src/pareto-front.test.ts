import { describe, expect, it } from 'vitest';
import { isDominated, paretoFront } from './pareto-front';

const x = (p: { x: number }) => p.x;
const y = (p: { y: number }) => p.y;

describe('paretoFront', () => {
  it('keeps the points no other point dominates, by increasing cost', () => {
    const points = [{ x: 3, y: 0.9 }, { x: 1, y: 0.8 }, { x: 2, y: 0.7 }, { x: 2.5, y: 0.85 }, { x: 4, y: 0.88 }];
    expect(paretoFront(points, x, y)).toEqual([{ x: 1, y: 0.8 }, { x: 2.5, y: 0.85 }, { x: 3, y: 0.9 }]);
  });

  it('keeps the better of equal costs and the first of identical points', () => {
    const a = { x: 1, y: 0.8 };
    const b = { x: 1, y: 0.8 };
    expect(paretoFront([{ x: 1, y: 0.7 }, a, b], x, y)).toEqual([a]);
    expect(paretoFront([{ x: 1, y: 0.7 }, a, b], x, y)[0]).toBe(a);
  });

  it('is empty for no points', () => {
    expect(paretoFront<{ x: number; y: number }>([], x, y)).toEqual([]);
  });
});

describe('isDominated', () => {
  const others = [{ x: 1, y: 0.85 }, { x: 3, y: 0.9 }];
  it('is true when another point is at least as good in both and better in one', () => {
    expect(isDominated(2, 0.8, others, x, y)).toBe(true);
    expect(isDominated(1, 0.85 - 1e-9, others, x, y)).toBe(true);
  });
  it('is false on or above the front, and for a point equal to one of them', () => {
    expect(isDominated(2, 0.86, others, x, y)).toBe(false);
    expect(isDominated(0.5, 0.1, others, x, y)).toBe(false);
    expect(isDominated(1, 0.85, others, x, y)).toBe(false);
  });
});
