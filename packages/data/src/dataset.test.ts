import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset';
import { assertDataset } from './dataset';

const valid: Dataset = { name: 'tiny', images: new Uint8Array(8), labels: Uint8Array.from([0, 1]), count: 2, height: 2, width: 2, channels: 1, classes: 2 };

describe('assertDataset', () => {
  it('accepts a consistent dataset and names the field of an inconsistent one', () => {
    expect(assertDataset(valid)).toBe(valid);
    expect(() => assertDataset({ ...valid, images: new Uint8Array(7) })).toThrow('tiny: images: expected 8 bytes (2 × 2 × 2 × 1), got 7');
    expect(() => assertDataset({ ...valid, labels: Uint8Array.from([0, 2]) })).toThrow('tiny: label[1]: expected a class index in [0, 2), got 2');
    expect(() => assertDataset({ ...valid, channels: 0 })).toThrow('tiny: channels: expected a positive integer, got 0');
    expect(() => assertDataset({ ...valid, classNames: ['a'] })).toThrow('tiny: classNames: expected 2 names, got 1');
  });
});
