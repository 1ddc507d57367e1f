import type { Dataset } from './dataset';

/**
 * Nearest-neighbour subsample of every image of a square dataset to `size × size` (FBNetV2's resolution
 * search, §3.2): output pixel (i, j) is input pixel `(floor(i·S/size), floor(j·S/size))`, the rule of
 * `@fbnas/gumbel`'s `subsample`, so a searched resolution is trained and tested on the same pixels the
 * supernet saw. Returns the dataset itself when `size` is its side.
 *
 * @param size - the new side (pixels), an integer in [1, side].
 * @throws Error naming the dataset when it is not square or `size` is out of range.
 * @example
 * subsampleDataset(fashionMnist.train, 14).height; // 14
 */
export function subsampleDataset(dataset: Dataset, size: number): Dataset {
  const side = dataset.height;
  if (dataset.width !== side) throw new Error(`${dataset.name}: subsampleDataset needs square images, got ${dataset.height}×${dataset.width}`);
  if (!Number.isInteger(size) || size < 1 || size > side) {
    throw new Error(`${dataset.name}: subsampleDataset: size: expected an integer in [1, ${side}] (pixels), got ${size}`);
  }
  if (size === side) return dataset;
  const { channels, count } = dataset;
  const source = Array.from({ length: size }, (_, i) => Math.floor((i * side) / size));
  const images = new Uint8Array(count * size * size * channels);
  let out = 0;
  for (let n = 0; n < count; n++) {
    const base = n * side * side * channels;
    for (const row of source) {
      for (const column of source) {
        const at = base + (row * side + column) * channels;
        for (let c = 0; c < channels; c++) images[out++] = dataset.images[at + c]!;
      }
    }
  }
  return { ...dataset, name: `${dataset.name}@${size}`, images, height: size, width: size };
}
