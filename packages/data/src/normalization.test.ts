import { describe, expect, it } from 'vitest';
import { resolveNormalization } from './normalization';

describe('resolveNormalization', () => {
  it('maps unit, none and mean/std to a per-channel affine map', () => {
    expect(Array.from(resolveNormalization('unit', 2).scale)).toEqual([1 / 255, 1 / 255]);
    expect(Array.from(resolveNormalization('none', 1).scale)).toEqual([1]);
    const { scale, offset } = resolveNormalization({ mean: [0.5], std: [0.25] }, 3);
    expect(Array.from(offset)).toEqual([-2, -2, -2]);
    expect(scale[2]).toBeCloseTo(1 / 63.75, 12);
  });

  it('rejects a non-positive std, naming the channel', () => {
    expect(() => resolveNormalization({ mean: [0.1, 0.2], std: [0.3, 0] }, 2)).toThrow(
      'normalize: channel 1: expected a finite mean and a positive std, got mean 0.2, std 0',
    );
  });
});
