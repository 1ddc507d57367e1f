import { cropAndFlip, cropPadding, sampleAugmentation } from './augmentation';
import type { AugmentOptions } from './augmentation';
import type { Dataset } from './dataset';
import { resolveNormalization } from './normalization';
import type { Normalization } from './normalization';
import { assertSeed, deriveSeed, mulberry32 } from '@fbnas/core';
import { shuffledIndices } from './shuffled-indices';

/** Stream tags, so the epoch order and the augmentations draw from unrelated streams of one seed. */
const SHUFFLE_STREAM = 0x5348;
const AUGMENT_STREAM = 0x4147;

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Examples per batch (the last one may be smaller unless `dropLast`). */
  readonly batchSize: number;
  /** Seed of the order and the augmentations; default 0. */
  readonly seed?: number;
  /** Epoch number (0-based); with `seed`, the only input to the order and the augmentations. Default 0. */
  readonly epoch?: number;
  /** Visit examples in a seeded random order (default) or in dataset order. */
  readonly shuffle?: boolean;
  /** Skip a final batch smaller than `batchSize`; default false. */
  readonly dropLast?: boolean;
  /** Random crop and flip, drawn per example from `(seed, epoch, example index)`; default none. */
  readonly augment?: AugmentOptions;
  /** Pixel scaling; default `'unit'` (pixel / 255). */
  readonly normalize?: Normalization;
  /** First batch to produce (0-based), to resume mid-epoch without computing the skipped ones; default 0. */
  readonly fromBatch?: number;
}

/** One batch: `size` examples as NHWC floats and int32 labels. Arrays are fresh for every batch. */
export interface Batch {
  /** `size · height · width · channels` normalised pixel values, NHWC. */
  readonly images: Float32Array;
  /** `size` class indices. */
  readonly labels: Int32Array;
  /** Number of examples in this batch. */
  readonly size: number;
  /** Image height (pixels). */
  readonly height: number;
  /** Image width (pixels). */
  readonly width: number;
  /** Channels per pixel. */
  readonly channels: number;
  /** Dataset index of each example in the batch. */
  readonly indices: Uint32Array;
  /** Position of this batch in the epoch (0-based). */
  readonly batchIndex: number;
}

function isAugmenting(augment: AugmentOptions | undefined): augment is AugmentOptions {
  return augment !== undefined && (cropPadding(augment) > 0 || augment.horizontalFlip === true);
}

/**
 * Number of batches {@link batches} yields per epoch for `count` examples (ignoring `fromBatch`).
 *
 * @example
 * countBatches(2500, { batchSize: 128 }); // 20
 * countBatches(2500, { batchSize: 128, dropLast: true }); // 19
 */
export function countBatches(count: number, options: Pick<BatchOptions, 'batchSize' | 'dropLast'>): number {
  return options.dropLast ? Math.floor(count / options.batchSize) : Math.ceil(count / options.batchSize);
}

/**
 * The order in which {@link batches} visits the examples in one epoch: a seeded permutation that depends only
 * on `(count, seed, epoch)`, or `0 … count − 1` without shuffling.
 *
 * @example
 * epochOrder(10, { seed: 1, epoch: 3 }); // the same Uint32Array on every run and machine
 */
export function epochOrder(count: number, options: Pick<BatchOptions, 'seed' | 'epoch' | 'shuffle'>): Uint32Array {
  const seed = options.seed ?? 0;
  const epoch = options.epoch ?? 0;
  assertSeed(seed, 'batches: options.seed');
  if (!Number.isInteger(epoch) || epoch < 0) throw new Error(`batches: options.epoch: expected a non-negative integer, got ${epoch}`);
  if (options.shuffle === false) return Uint32Array.from({ length: count }, (_, index) => index);
  return shuffledIndices(count, deriveSeed(seed, SHUFFLE_STREAM, epoch));
}

/**
 * Iterates over one epoch of `dataset` in batches, ready for training: seeded order, optional crop/flip
 * augmentation, normalisation to floats. Everything depends only on `(seed, epoch)` and the options, so a
 * resumed run sees the same batches (pass `fromBatch` to start mid-epoch); each epoch visits every example
 * exactly once (once at most with `dropLast`). No tfjs: turn a batch into tensors with `toTensors` from
 * `@fbnas/data/tensors`.
 *
 * @example
 * for (const batch of batches(train, { batchSize: 128, seed: 1, epoch, augment: { horizontalFlip: true },
 *   normalize: fashionMnistStatistics })) {
 *   console.log(batch.size, batch.images.length); // 128 100352
 * }
 */
export function* batches(dataset: Dataset, options: BatchOptions): Generator<Batch, void, undefined> {
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batches: options.batchSize: expected a positive integer, got ${batchSize}`);
  }
  const fromBatch = options.fromBatch ?? 0;
  if (!Number.isInteger(fromBatch) || fromBatch < 0) {
    throw new Error(`batches: options.fromBatch: expected a non-negative integer, got ${fromBatch}`);
  }
  const order = epochOrder(dataset.count, options);
  const { height, width, channels } = dataset;
  const { scale, offset } = resolveNormalization(options.normalize ?? 'unit', channels);
  const augment = isAugmenting(options.augment) ? options.augment : undefined;
  const seed = options.seed ?? 0;
  const epoch = options.epoch ?? 0;
  const imageSize = height * width * channels;
  const scratch = new Uint8Array(imageSize);
  const total = countBatches(dataset.count, options);
  for (let batchIndex = fromBatch; batchIndex < total; batchIndex += 1) {
    const indices = order.slice(batchIndex * batchSize, Math.min((batchIndex + 1) * batchSize, dataset.count));
    const size = indices.length;
    const images = new Float32Array(size * imageSize);
    const labels = new Int32Array(size);
    for (let position = 0; position < size; position += 1) {
      const index = indices[position] ?? 0;
      labels[position] = dataset.labels[index] ?? 0;
      let pixels = dataset.images.subarray(index * imageSize, (index + 1) * imageSize);
      if (augment !== undefined) {
        const random = mulberry32(deriveSeed(seed, AUGMENT_STREAM, epoch, index));
        pixels = cropAndFlip(pixels, dataset, sampleAugmentation(random, augment), scratch);
      }
      const start = position * imageSize;
      for (let value = 0; value < imageSize; value += 1) {
        const channel = value % channels;
        images[start + value] = (pixels[value] ?? 0) * (scale[channel] ?? 1) + (offset[channel] ?? 0);
      }
    }
    yield { images, labels, size, height, width, channels, indices, batchIndex };
  }
}
