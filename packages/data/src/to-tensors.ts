import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from './batches';

/** A batch as tfjs tensors. */
export interface BatchTensors {
  /** Images, shape `[size, height, width, channels]`, float32. */
  readonly x: tf.Tensor4D;
  /** Labels, shape `[size]`, int32 class indices. */
  readonly y: tf.Tensor1D;
}

/**
 * Turns a {@link Batch} into tfjs tensors on the current backend (the caller disposes them, e.g. inside
 * `tf.tidy`). The only part of `@fbnas/data` that needs `@tensorflow/tfjs-core`, hence its own entry point.
 *
 * @example
 * import { toTensors } from '@fbnas/data/tensors';
 * for (const batch of batches(train, { batchSize: 64, seed: 1, epoch })) {
 *   const { x, y } = toTensors(batch); // x: [64, 28, 28, 1] float32, y: [64] int32
 *   tf.dispose([x, y]);
 * }
 */
export function toTensors(batch: Batch): BatchTensors {
  const x = tf.tensor4d(batch.images, [batch.size, batch.height, batch.width, batch.channels], 'float32');
  const y = tf.tensor1d(batch.labels, 'int32');
  return { x, y };
}
