import {
  abs, avgPool, cast, image, losses, mean, oneHot, reshape, sub, tensor1d, tensor2d, tensor4d, tidy, type Scalar, type Tensor, type Tensor2D, type Tensor4D,
} from '@tensorflow/tfjs-core';
import type { MultitaskDataset } from '@fbnas/data';
import type { MultitaskTask } from '../multitask-layout';
import type { MultitaskOutputs } from './multitask-supernet';

/** A batch of a multi-task dataset as tensors. */
export interface MultitaskBatch {
  x: Tensor4D;
  labels: Tensor2D;
  masks: Tensor;
  boxes: Tensor2D;
}

/** The batch of `indices`: images scaled to [0, 1], one-hot labels and masks, boxes. */
export function batchTensors(data: MultitaskDataset, indices: Uint32Array, classes: number): MultitaskBatch {
  const { height, width, channels } = data;
  const pixels = height * width;
  const images = new Float32Array(indices.length * pixels * channels);
  const masks = new Int32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  const boxes = new Float32Array(indices.length * 4);
  indices.forEach((n, i) => {
    for (let p = 0; p < pixels * channels; p++) images[i * pixels * channels + p] = data.images[n * pixels * channels + p]! / 255;
    masks.set(data.masks.subarray(n * pixels, (n + 1) * pixels), i * pixels);
    labels[i] = data.labels[n]!;
    boxes.set(data.boxes.subarray(n * 4, n * 4 + 4), i * 4);
  });
  return tidy(() => ({
    x: tensor4d(images, [indices.length, height, width, channels]),
    labels: oneHot(tensor1d(labels, 'int32'), classes) as Tensor2D,
    masks: reshape(oneHot(tensor1d(masks, 'int32'), classes + 1), [indices.length, height, width, classes + 1]),
    boxes: tensor2d(boxes, [indices.length, 4]),
  }));
}

/**
 * Where the segmentation loss is computed. `'head'`: the per-pixel cross-entropy at the head's resolution against
 * the masks average-pooled to it (each logit cell's target is the fraction of each class among the input pixels it
 * covers): a quarter of the pixels and no resize (43 → 10 ms a batch of 32 at 56×56 on wasm), what the search uses.
 * `'input'`: the logits upsampled (bilinear) to the input's resolution against the masks, what the task's own
 * retraining uses (sharper boundaries: the foreground IoU the test measures).
 */
export type SegmentationLossAt = 'head' | 'input';

/**
 * A task's loss: cross-entropy (classification), the mean L1 box error, or the per-pixel cross-entropy of
 * segmentation at `segmentationAt` (default `'head'`).
 */
export function taskLoss(task: MultitaskTask, outputs: MultitaskOutputs, batch: MultitaskBatch, segmentationAt: SegmentationLossAt = 'head'): Scalar {
  const output = outputs[task];
  if (output === undefined) throw new Error(`the network has no ${task} head`);
  if (task === 'classification') return losses.softmaxCrossEntropy(batch.labels, output) as Scalar;
  if (task === 'segmentation') {
    const masks = batch.masks as Tensor4D;
    const logits = output as Tensor4D;
    return tidy(() => (segmentationAt === 'head'
      ? losses.softmaxCrossEntropy(maskTargets(masks, logits), logits)
      : losses.softmaxCrossEntropy(masks, image.resizeBilinear(logits, [masks.shape[1], masks.shape[2]], false, true))) as Scalar);
  }
  return mean(abs(sub(output, batch.boxes))) as Scalar;
}


/** One-hot `[N, H, W, K]` masks average-pooled to the `[N, h, w, K]` logits' size (H/h = W/w, an integer). */
function maskTargets(masks: Tensor4D, logits: Tensor4D): Tensor4D {
  const factor = masks.shape[1] / logits.shape[1];
  if (!Number.isInteger(factor) || masks.shape[2] / logits.shape[2] !== factor) {
    throw new Error(`segmentation: the logits' ${logits.shape[1]}×${logits.shape[2]} do not divide the masks' ${masks.shape[1]}×${masks.shape[2]}`);
  }
  return factor === 1 ? masks : avgPool(cast(masks, 'float32'), factor, factor, 'valid');
}
