import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { maxRelativeError } from '@fbnas/backend/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { opsWithMyStem, tinyArchWithMyStem } from '../__fixtures__/contributed-stem';
import { tinyManifest, zooFixture } from '../__fixtures__/loopback-server';
import { createModelZoo } from '../model-zoo';
import { loadZooModel } from './load-zoo-model';
import { readNpy } from './read-npy';

const input = readNpy(readFileSync(zooFixture('tiny-input.npy')));
const expected = JSON.parse(readFileSync(zooFixture('tiny-expected.json'), 'utf8')) as { logits: number[][] };
const zoo = createModelZoo(tinyManifest('https://example.invalid/tiny.pth'), { 'tiny-arch.json': tinyArchWithMyStem() });

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('loadZooModel of a zoo whose architecture uses a contributed op', () => {
  it('converts the .pth with `ops` to the reference logits', async () => {
    const model = await loadZooModel('tiny', { zoo, weights: zooFixture('tiny.legacy.pth'), ops: opsWithMyStem() });
    const logits = model.predict(tf.tensor4d(input.data, input.shape as [number, number, number, number])) as tf.Tensor;
    expect(maxRelativeError(logits.dataSync(), expected.logits.flat())).toBeLessThan(1e-4);
    tf.dispose([logits]);
    model.dispose();
  });

  it('without `ops` fails naming the unknown op', async () => {
    await expect(loadZooModel('tiny', { zoo, weights: zooFixture('tiny.legacy.pth') })).rejects.toThrow(/unknown op 'my_stem'/);
  });
});
