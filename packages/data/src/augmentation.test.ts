import { describe, expect, it } from 'vitest';
import { cropAndFlip, sampleAugmentation } from './augmentation';
import { mulberry32 } from '@fbnas/core';

// A 2×3 image with 2 channels; pixel (y, x) = [10·y + x + 1, 100 + 10·y + x + 1].
const shape = { height: 2, width: 3, channels: 2 };
const image = Uint8Array.from([1, 101, 2, 102, 3, 103, 11, 111, 12, 112, 13, 113]);

describe('cropAndFlip', () => {
  it('is the identity with no shift and no flip', () => {
    expect(Array.from(cropAndFlip(image, shape, { padding: 2, top: 2, left: 2, flip: false }))).toEqual(Array.from(image));
  });

  it('mirrors each row', () => {
    expect(Array.from(cropAndFlip(image, shape, { padding: 0, top: 0, left: 0, flip: true }))).toEqual([
      3, 103, 2, 102, 1, 101, 13, 113, 12, 112, 11, 111,
    ]);
  });

  it('shifts the content with zero fill: crop at the top-left corner of the padded image', () => {
    // padding 1, top 0, left 0: output (y, x) = source (y − 1, x − 1)
    expect(Array.from(cropAndFlip(image, shape, { padding: 1, top: 0, left: 0, flip: false }))).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 1, 101, 2, 102,
    ]);
  });

  it('crops, then flips', () => {
    // padding 1, top 1 (no vertical shift), left 2: cropped (y, x) = source (y, x + 1) = [2, 3, 0 | 12, 13, 0]; flipped
    expect(Array.from(cropAndFlip(image, shape, { padding: 1, top: 1, left: 2, flip: true }))).toEqual([
      0, 0, 3, 103, 2, 102, 0, 0, 13, 113, 12, 112,
    ]);
  });
});

describe('sampleAugmentation', () => {
  it('draws offsets in [0, 2·padding] and both flips, deterministically', () => {
    const draw = (seed: number) => sampleAugmentation(mulberry32(seed), { randomCrop: { padding: 2 }, horizontalFlip: true });
    const seen = new Set<string>();
    for (let seed = 0; seed < 400; seed += 1) {
      const parameters = draw(seed);
      expect(draw(seed)).toEqual(parameters);
      seen.add(`${parameters.top},${parameters.left},${parameters.flip}`);
    }
    expect(seen.size).toBe(5 * 5 * 2);
  });

  it('draws nothing that was not asked for and rejects a bad padding', () => {
    expect(sampleAugmentation(mulberry32(1), {})).toEqual({ padding: 0, top: 0, left: 0, flip: false });
    expect(() => sampleAugmentation(mulberry32(1), { randomCrop: { padding: -1 } })).toThrow(
      'augment.randomCrop.padding: expected a non-negative integer (pixels), got -1',
    );
  });
});
