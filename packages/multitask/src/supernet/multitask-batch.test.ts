import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { taskLoss, type MultitaskBatch } from './multitask-batch';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('taskLoss', () => {
  it('segmentation: cross-entropy at the logits\' resolution against the masks\' class fractions (hand formula)', () => {
    // One 2×2 image: three background pixels, one of class 1 → the 1×1 logit cell's target is [0.75, 0.25].
    const masks = tf.oneHot(tf.tensor3d([[[0, 0], [1, 0]]], [1, 2, 2], 'int32'), 2);
    const logits = tf.tensor4d([[[[0.3, -1.2]]]]);
    const batch = { masks } as unknown as MultitaskBatch;
    const loss = taskLoss('segmentation', { segmentation: logits }, batch);
    const logSumExp = Math.log(Math.exp(0.3) + Math.exp(-1.2));
    expect(loss.dataSync()[0]).toBeCloseTo(-(0.75 * (0.3 - logSumExp) + 0.25 * (-1.2 - logSumExp)), 6);
    // At the masks' own resolution it is the plain per-pixel cross-entropy.
    const full = taskLoss('segmentation', { segmentation: tf.zeros([1, 2, 2, 2]) }, batch);
    expect(full.dataSync()[0]).toBeCloseTo(Math.log(2), 6);
    // At the input's resolution: the logit cell upsampled to every pixel, each pixel its own one-hot target.
    const atInput = taskLoss('segmentation', { segmentation: logits }, batch, 'input');
    expect(atInput.dataSync()[0]).toBeCloseTo(-(3 * (0.3 - logSumExp) + (-1.2 - logSumExp)) / 4, 6);
    tf.dispose(atInput);
    expect(() => taskLoss('segmentation', { segmentation: tf.zeros([1, 3, 3, 2]) }, batch)).toThrow(/logits' 3×3 do not divide the masks' 2×2/);
    expect(() => taskLoss('box', {}, batch)).toThrow(/no box head/);
    tf.dispose([masks, logits, loss, full]);
  });
});
