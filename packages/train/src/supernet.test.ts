import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { loadMaskSpace } from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyLayout } from './__fixtures__/tiny-search';
import { createMaskedSupernet } from './masked-supernet';
import { createSupernet, type Supernet } from './supernet';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

/** Every variable's values by name; disposes the supernet. */
function valuesOf(supernet: Supernet): Record<string, number[]> {
  const values = Object.fromEntries([...supernet.namedVariables()].map(([name, v]) => [name, Array.from(v.dataSync())]));
  supernet.dispose();
  return values;
}

describe('supernet seeds', () => {
  it('createSupernet builds the same weights for seed 0 every time, as for any other seed, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const zero = valuesOf(createSupernet(tinyLayout(), 0));
    expect(valuesOf(createSupernet(tinyLayout(), 0))).toEqual(zero);
    expect(valuesOf(createSupernet(tinyLayout(), 1))).not.toEqual(zero);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('createMaskedSupernet builds the same weights for seed 0 every time', () => {
    const space = loadMaskSpace('fbnetv2-micro-28');
    const before = tf.memory().numTensors;
    const zero = valuesOf(createMaskedSupernet(space, 0));
    expect(valuesOf(createMaskedSupernet(space, 0))).toEqual(zero);
    expect(tf.memory().numTensors).toBe(before);
  });
});
