import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset';
import { subsampleDataset } from './subsample-dataset';

const ramp: Dataset = {
  name: 'ramp', images: Uint8Array.from({ length: 2 * 4 * 4 * 2 }, (_, i) => i), labels: new Uint8Array([0, 1]),
  count: 2, height: 4, width: 4, channels: 2, classes: 2,
};

describe('subsampleDataset', () => {
  it('keeps pixel floor(i·S/r) of every row and column, per image and channel', () => {
    const small = subsampleDataset(ramp, 2);
    expect([small.height, small.width, small.count]).toEqual([2, 2, 2]);
    // image 0: pixels (0,0), (0,2), (2,0), (2,2), 2 channels each; image 1 offset by 32.
    expect([...small.images]).toEqual([0, 1, 4, 5, 16, 17, 20, 21, 32, 33, 36, 37, 48, 49, 52, 53]);
    expect(small.name).toBe('ramp@2');
  });

  it('uses the 28 → 21 pattern of the resolution search (0, 1, 2, 4, …)', () => {
    const line: Dataset = { ...ramp, images: Uint8Array.from({ length: 28 * 28 }, (_, i) => i % 28), count: 1, height: 28, width: 28, channels: 1, labels: new Uint8Array([0]) };
    expect([...subsampleDataset(line, 21).images.slice(0, 6)]).toEqual([0, 1, 2, 4, 5, 6]);
  });

  it('returns the dataset itself at its own side and rejects bad sizes', () => {
    expect(subsampleDataset(ramp, 4)).toBe(ramp);
    expect(() => subsampleDataset(ramp, 5)).toThrow(/ramp: subsampleDataset: size: expected an integer in \[1, 4\]/);
    expect(() => subsampleDataset(ramp, 0)).toThrow(/size/);
  });
});
