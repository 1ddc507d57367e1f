import { describe, expect, it } from 'vitest';
import { summarize } from './summarize';

describe('summarize', () => {
  it('gives median, p90, sample std and count, less an overhead clamped at 0', () => {
    expect(summarize([100, 110, 120], 'k')).toEqual({ median: 110, p90: 118, std: 10, count: 3, key: 'k' });
    expect(summarize([100, 110, 120], 'k', 105)).toEqual({ median: 5, p90: 13, std: 10, count: 3, key: 'k' });
    expect(summarize([100, 110, 120], 'k', 500).median).toBe(0);
  });
});
