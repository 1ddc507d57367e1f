import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { syntheticDataset } from './__fixtures__/synthetic-files';
import { batches } from './batches';
import { toTensors } from './to-tensors';

describe('toTensors', () => {
  it('makes an NHWC float32 x and an int32 y with the batch values', async () => {
    await tf.setBackend('cpu');
    const dataset = syntheticDataset(7, 3);
    const [batch] = Array.from(batches(dataset, { batchSize: 4, seed: 1 }));
    if (batch === undefined) throw new Error('no batch');
    const { x, y } = toTensors(batch);
    expect([x.shape, x.dtype, y.shape, y.dtype]).toEqual([[4, 4, 5, 2], 'float32', [4], 'int32']);
    expect(Array.from(await x.data())).toEqual(Array.from(batch.images));
    expect(Array.from(await y.data())).toEqual(Array.from(batch.labels));
    tf.dispose([x, y]);
  });
});
