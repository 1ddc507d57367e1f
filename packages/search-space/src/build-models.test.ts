import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { buildModel } from '@fbnas/ops';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpace } from './builtin-spaces';
import { derive } from './derive';
import { randomSample } from './random-sample';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('derived architectures build with @fbnas/ops', () => {
  it.each([
    ['fbnet-micro-28', 1],
    ['fbnet-micro-28', 2],
    ['fbnet-micro-32', 3],
  ])('%s sample %i gives [N, 10] logits', (name, seed) => {
    const space = loadSpace(name);
    const before = tf.memory().numTensors;
    const model = buildModel(derive(space, randomSample(space, seed)), { seed });
    const input = tf.randomNormal([2, space.inputSize, space.inputSize, space.inputChannels]);
    const logits = model.predict(input) as tf.Tensor;
    expect(logits.shape).toEqual([2, space.numClasses]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([input, logits]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
