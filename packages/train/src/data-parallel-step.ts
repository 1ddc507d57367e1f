import { tensor, type Tensor, type Variable } from '@tensorflow/tfjs-core';
import type { Batch } from './batch';
import type { DataParallelGroup } from './data-parallel-group';

/**
 * This worker's rows of a global batch: worker r of n takes rows `⌊r·N/n⌋ … ⌊(r+1)·N/n⌋`, so the shards cover the
 * batch in order. Every worker reads the same global batch (batch sources depend only on the epoch).
 * @throws Error when the batch has fewer examples than the group has workers.
 */
export function shardBatch<B extends Batch>(batch: B, group: DataParallelGroup): B {
  if (group.size === 1) return batch;
  if (batch.size < group.size) {
    throw new Error(`data-parallel training: a batch of ${batch.size} examples cannot be split over ${group.size} workers (use a batch size of at least ${group.size})`);
  }
  const { start, end } = shardRows(batch.size, group);
  const perImage = batch.images.length / batch.size;
  return { ...batch, images: batch.images.subarray(start * perImage, end * perImage), labels: batch.labels.subarray(start, end), size: end - start };
}

/** The row range `[start, end)` of this worker's shard of `rows` rows. */
export function shardRows(rows: number, group: DataParallelGroup): { start: number; end: number } {
  return { start: Math.floor((group.rank * rows) / group.size), end: Math.floor(((group.rank + 1) * rows) / group.size) };
}

/**
 * Sums each variable's gradient over the group (a worker without a gradient for a variable adds zeros; the
 * result is `undefined` only where no worker has one), and `numbers` with them in the same exchange. With every
 * worker's loss scaled by its share of the global batch, the sums are the global batch's gradient and loss.
 * Returns new tensors (clones in a group of one); the caller disposes both its own and the returned ones.
 */
export function sumGradients(
  group: DataParallelGroup, variables: readonly Variable[], grads: readonly (Tensor | undefined)[], numbers: readonly number[],
): { grads: (Tensor | undefined)[]; numbers: number[] } {
  if (group.size === 1) return { grads: grads.map((g) => g?.clone()), numbers: [...numbers] };
  const sizes = variables.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const flat = new Float32Array(total + variables.length + numbers.length);
  let offset = 0;
  variables.forEach((_, i) => {
    const g = grads[i];
    if (g !== undefined) {
      flat.set(g.dataSync() as Float32Array, offset);
      flat[total + i] = 1;
    }
    offset += sizes[i]!;
  });
  flat.set(numbers, total + variables.length);
  const summed = group.sum(flat);
  offset = 0;
  const out = variables.map((v, i) => {
    const start = offset;
    offset += sizes[i]!;
    return summed[total + i]! > 0 ? tensor(summed.subarray(start, offset), v.shape, 'float32') : undefined;
  });
  return { grads: out, numbers: Array.from(summed.subarray(total + variables.length)) };
}
