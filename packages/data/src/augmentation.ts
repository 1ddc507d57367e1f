/**
 * Training augmentations for HWC byte images, as in the usual CIFAR recipe: a random crop of the original size
 * from the image zero-padded on every side, then a random horizontal flip. Each example's parameters come from
 * its own seeded stream, so they depend only on `(seed, epoch, example index)`.
 */

/** Which augmentations `batches` applies. */
export interface AugmentOptions {
  /** Zero-pad by `padding` pixels on every side, then crop back to the original size at a random offset. */
  readonly randomCrop?: { readonly padding: number };
  /** Mirror left–right with probability 1/2. */
  readonly horizontalFlip?: boolean;
}

/** One example's augmentation: crop offsets into the padded image and whether to mirror it. */
export interface AugmentationParameters {
  /** Padding added on every side (pixels). */
  readonly padding: number;
  /** Row of the padded image where the crop starts, in `[0, 2 · padding]`; `padding` is no shift. */
  readonly top: number;
  /** Column of the padded image where the crop starts, in `[0, 2 · padding]`; `padding` is no shift. */
  readonly left: number;
  /** Whether to mirror left–right after cropping. */
  readonly flip: boolean;
}

/** Height, width and channels of an image (pixels, pixels, count). */
export interface ImageShape {
  /** Rows (pixels). */
  readonly height: number;
  /** Columns (pixels). */
  readonly width: number;
  /** Values per pixel. */
  readonly channels: number;
}

/**
 * The crop padding of `options` (0 without `randomCrop`), checked to be a non-negative integer.
 *
 * @example
 * cropPadding({ randomCrop: { padding: 4 } }); // 4
 */
export function cropPadding(options: AugmentOptions): number {
  const padding = options.randomCrop?.padding ?? 0;
  if (!Number.isInteger(padding) || padding < 0) {
    throw new Error(`augment.randomCrop.padding: expected a non-negative integer (pixels), got ${padding}`);
  }
  return padding;
}

/**
 * Draws one example's parameters from `random` (a `[0, 1)` source): crop row, crop column, then the flip.
 *
 * @example
 * sampleAugmentation(mulberry32(5), { randomCrop: { padding: 4 }, horizontalFlip: true }); // { padding: 4, top: 6, left: 6, flip: true }
 */
export function sampleAugmentation(random: () => number, options: AugmentOptions): AugmentationParameters {
  const padding = cropPadding(options);
  const top = padding === 0 ? 0 : Math.floor(random() * (2 * padding + 1));
  const left = padding === 0 ? 0 : Math.floor(random() * (2 * padding + 1));
  const flip = options.horizontalFlip === true && random() < 0.5;
  return { padding, top, left, flip };
}

/**
 * Crops and flips one HWC image into `target` (same shape): output pixel `(y, x)` is the source pixel
 * `(y + top − padding, x' + left − padding)` with `x' = flip ? width − 1 − x : x`, or 0 where that falls in the
 * padding.
 *
 * @example
 * // 1×3 one-channel image [1, 2, 3], padding 1, crop starting at column 2 (shift left by one), flipped:
 * cropAndFlip(new Uint8Array([1, 2, 3]), { height: 1, width: 3, channels: 1 }, { padding: 1, top: 1, left: 2, flip: true });
 * // Uint8Array [0, 3, 2]
 */
export function cropAndFlip(
  source: Uint8Array,
  shape: ImageShape,
  parameters: AugmentationParameters,
  target: Uint8Array = new Uint8Array(source.length),
): Uint8Array {
  const { height, width, channels } = shape;
  const shiftY = parameters.top - parameters.padding;
  const shiftX = parameters.left - parameters.padding;
  for (let y = 0; y < height; y += 1) {
    const sourceY = y + shiftY;
    for (let x = 0; x < width; x += 1) {
      const sourceX = (parameters.flip ? width - 1 - x : x) + shiftX;
      const targetStart = (y * width + x) * channels;
      const inside = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width;
      const sourceStart = (sourceY * width + sourceX) * channels;
      for (let channel = 0; channel < channels; channel += 1) {
        target[targetStart + channel] = inside ? (source[sourceStart + channel] ?? 0) : 0;
      }
    }
  }
  return target;
}
