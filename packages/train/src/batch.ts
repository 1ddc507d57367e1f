import { argMax, cast, equal, oneHot, sum, tensor1d, tensor4d, tidy, type Tensor, type Tensor4D } from '@tensorflow/tfjs-core';
import type { Batch as DataBatch } from '@fbnas/data';

/**
 * What training reads of a batch: `@fbnas/data`'s `Batch` (NHWC float32 images, already normalised, and integer
 * labels), of which only `images`, `labels` and `size` are needed — one batch type for data and training.
 */
export type Batch = Pick<DataBatch, 'images' | 'labels' | 'size'>;

/** Produces the batches of one epoch; must depend only on the epoch (for exact resume). */
export type BatchSource = (epoch: number) => Iterable<Batch>;

/** Turns a batch into `x` `[size, H, W, C]` and one-hot `y` `[size, classes]` tensors. */
export function batchTensors(batch: Batch, shape: readonly [number, number, number], classes: number): { x: Tensor4D; y: Tensor } {
  return tidy(() => ({
    x: tensor4d(batch.images, [batch.size, shape[0], shape[1], shape[2]]),
    y: oneHot(tensor1d(batch.labels, 'int32'), classes),
  }));
}

/** Counts the batches of an iterable without keeping them. */
export function countBatches(batches: Iterable<unknown>): number {
  let count = 0;
  const iterator = batches[Symbol.iterator]();
  while (!iterator.next().done) count += 1;
  return count;
}

/** How many rows of `logits` pick the class that one-hot `y` marks (top-1 hits in a batch). */
export function countCorrect(logits: Tensor, y: Tensor): number {
  return tidy(() => sum(cast(equal(argMax(logits, 1), argMax(y, 1)), 'float32')).dataSync()[0]!);
}
