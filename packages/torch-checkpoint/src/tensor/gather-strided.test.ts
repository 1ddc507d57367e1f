import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../invalid-value-error';
import { gatherStrided } from './gather-strided';
import { checkLayoutBounds, MAX_TENSOR_ELEMENTS, parseTensorLayout } from './tensor-layout';

const storage = Float32Array.from({ length: 12 }, (_, index) => index);

describe('gatherStrided', () => {
  it('copies contiguous, transposed, sliced and expanded views in row-major order', () => {
    expect(gatherStrided(storage, { shape: [2, 3], stride: [3, 1], storageOffset: 2 })).toEqual(Float32Array.of(2, 3, 4, 5, 6, 7));
    expect(gatherStrided(storage, { shape: [3, 2], stride: [1, 3], storageOffset: 0 })).toEqual(Float32Array.of(0, 3, 1, 4, 2, 5));
    expect(gatherStrided(storage, { shape: [2, 2], stride: [6, 2], storageOffset: 1 })).toEqual(Float32Array.of(1, 3, 7, 9));
    expect(gatherStrided(storage, { shape: [2, 3], stride: [1, 0], storageOffset: 4 })).toEqual(Float32Array.of(4, 4, 4, 5, 5, 5));
    expect(gatherStrided(storage, { shape: [], stride: [], storageOffset: 11 })).toEqual(Float32Array.of(11));
    expect(gatherStrided(storage, { shape: [0, 4], stride: [4, 1], storageOffset: 0 })).toEqual(new Float32Array(0));
  });

  it('keeps the element type and never shares the storage', () => {
    const longs = BigInt64Array.of(1n, 2n, 3n, 4n);
    const result = gatherStrided(longs, { shape: [2, 2], stride: [1, 2], storageOffset: 0 });
    expect(result).toEqual(BigInt64Array.of(1n, 3n, 2n, 4n));
    const contiguous = gatherStrided(longs, { shape: [4], stride: [1], storageOffset: 0 });
    expect(contiguous.buffer).not.toBe(longs.buffer);
  });
});

describe('tensor layouts', () => {
  it('refuses malformed sizes, strides and offsets', () => {
    expect(() => parseTensorLayout([2, -1], [1, 1], 0)).toThrow(InvalidValueError);
    expect(() => parseTensorLayout([2], [1], 1.5)).toThrow(/storage offset must be a non-negative integer, got number 1.5/);
    expect(() => parseTensorLayout('2', [1], 0)).toThrow(/tensor size must be a tuple of non-negative integers, got string 2/);
  });

  it('refuses views outside the storage and absurd expansions', () => {
    expect(() => checkLayoutBounds({ shape: [4, 3], stride: [3, 1], storageOffset: 1 }, 12)).toThrow(
      'tensor of size [4,3] stride [3,1] offset 1 reads element 12 of a storage of 12 elements',
    );
    expect(() => checkLayoutBounds({ shape: [4, 3], stride: [3, 1], storageOffset: 0 }, 12)).not.toThrow();
    expect(() => checkLayoutBounds({ shape: [0], stride: [1], storageOffset: 0 }, 0)).not.toThrow();
    expect(() => checkLayoutBounds({ shape: [2 ** 16, 2 ** 16], stride: [0, 0], storageOffset: 0 }, 1)).toThrow(
      `has 4294967296 elements, more than the ${MAX_TENSOR_ELEMENTS} allowed`,
    );
  });
});
