import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend';
import { createMbconvBlock } from './testing/mbconv-block';

/** Relative tolerance on each loss: BN statistics are summed in a different order on the two backends. */
const LOSS_TOLERANCE = 1e-4;

async function fiveSteps(backend: string, batchNorm: 'fbnas' | 'tfjs'): Promise<{ losses: number[]; counts: number[] }> {
  await tf.setBackend(backend);
  const block = createMbconvBlock({ batch: 4, size: 8, batchNorm, seed: 11 });
  const losses: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < 5; i++) {
    losses.push(block.step());
    counts.push(tf.memory().numTensors);
  }
  block.dispose();
  return { losses, counts };
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('training a small MBConv block with batch norm', () => {
  it('gives the same five SGD losses on wasm as on cpu, and leaks no tensor between steps', async () => {
    const cpu = await fiveSteps('cpu', 'tfjs');
    for (const mode of ['fbnas', 'tfjs'] as const) {
      const wasm = await fiveSteps('wasm', mode);
      wasm.losses.forEach((loss, i) => {
        expect(Math.abs(loss - cpu.losses[i]!) / Math.abs(cpu.losses[i]!), `${mode} step ${i}`).toBeLessThanOrEqual(LOSS_TOLERANCE);
      });
      expect(new Set(wasm.counts).size, `${mode} numTensors per step ${wasm.counts}`).toBe(1);
    }
    // The losses must actually move, or the comparison proves nothing.
    expect(cpu.losses[4]!).toBeLessThan(cpu.losses[0]! * 0.999);
  });
});
