import { dispose, mul, scalar, tensor, tidy, variableGrads, type Scalar, type Tensor, type Variable } from '@tensorflow/tfjs-core';
import { withSynchronizedBatchNorm } from '@fbnas/backend';
import type { Batch } from './batch';
import type { DataParallelGroup } from './data-parallel-group';

/**
 * This worker's rows of a global batch: worker r of n takes rows `⌊r·N/n⌋ … ⌊(r+1)·N/n⌋`, so the shards cover the
 * batch in order. Every worker reads the same global batch (batch sources depend only on the epoch).
 * @throws Error when the batch has fewer examples than the group has workers.
 */
export function shardBatch<B extends Batch>(batch: B, group: DataParallelGroup): B {
  if (group.size === 1) return batch;
  const { start, end } = shardRows(batch.size, group);
  const perImage = batch.images.length / batch.size;
  return { ...batch, images: batch.images.subarray(start * perImage, end * perImage), labels: batch.labels.subarray(start, end), size: end - start };
}

/**
 * The row range `[start, end)` of this worker's shard of `rows` rows.
 * @throws Error when there are fewer rows than the group has workers.
 */
export function shardRows(rows: number, group: DataParallelGroup): { start: number; end: number } {
  if (rows < group.size) {
    throw new Error(`data-parallel training: a batch of ${rows} examples cannot be split over ${group.size} workers (use a batch size of at least ${group.size})`);
  }
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

/**
 * One data-parallel step's loss and gradients: `variableGrads` of `loss` (batch norms synchronized over the group)
 * for `variables` in their order, summed over the group together with `counted()` (e.g. the step's top-1 hits, read
 * after the loss). Scale each worker's loss by its share of the global batch (`shareOf`): the sums are then the
 * global batch's loss and gradient. In a group of one this is `variableGrads` itself, with no copy. The caller
 * disposes the returned gradients.
 */
export function groupGradients(
  group: DataParallelGroup, variables: readonly Variable[], loss: () => Scalar, counted: () => number,
): { value: number; grads: (Tensor | undefined)[]; counted: number } {
  const run = () => variableGrads(loss, variables as Variable[]);
  const { value, grads } = group.size > 1 ? withSynchronizedBatchNorm(group, run) : run();
  const local = variables.map((v) => grads[v.name]);
  const localValue = value.dataSync()[0]!;
  value.dispose();
  if (group.size === 1) return { value: localValue, grads: local, counted: counted() };
  const summed = sumGradients(group, variables, local, [localValue, counted()]);
  dispose(local.filter((g): g is Tensor => g !== undefined));
  return { value: summed.numbers[0]!, grads: summed.grads, counted: summed.numbers[1]! };
}

/** `loss · share` (this worker's share of the global batch), or `loss` itself when the share is 1. */
export function shareOf(loss: Scalar, share: number): Scalar {
  return share === 1 ? loss : tidy(() => mul(loss, scalar(share)));
}
