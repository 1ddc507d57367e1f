import { test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './index';
import { createMbconvBlock } from './testing/index';
test('smoke', async () => {
  const sel = await selectBackend({ backend: 'wasm' });
  console.log(sel);
  for (const bn of ['none', 'fbnas', 'tfjs'] as const) {
    const block = createMbconvBlock({ batchNorm: bn });
    for (let i = 0; i < 3; i++) block.step();
    const t0 = performance.now();
    let l = 0;
    for (let i = 0; i < 5; i++) l = block.step();
    console.log(bn, 'step ms', (performance.now() - t0) / 5, 'loss', l, tf.memory().numTensors);
    block.dispose();
  }
});
