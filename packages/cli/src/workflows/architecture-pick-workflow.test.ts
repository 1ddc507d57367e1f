import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { architecturePickWorkflow } from './architecture-pick-workflow';

const root = mkdtempSync(join(tmpdir(), 'fbnas-pick-arch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('architecturePickWorkflow', () => {
  it('leaves no tensors behind: the search, the trainings and their models are disposed', async () => {
    const options = {
      space: 'fbnet-micro-28', data: 'embedded', epochs: 2, seed: 4, batchSize: 32, trainImages: 160, cost: 'macs' as const, samples: 2,
      config: { loss: { kind: 'multiplicative' as const, alpha: 0.2, beta: 0 } }, pick: { epochs: 1 },
    };
    await architecturePickWorkflow({ ...options, out: join(root, 'first') }); // backend, kernels and caches set up
    const before = tf.memory().numTensors;
    const result = await architecturePickWorkflow({ ...options, out: join(root, 'second') });
    expect(tf.memory().numTensors).toBe(before);
    // β 0: the pick is the most accurate on the held-out images (ties to the lower predicted cost).
    const best = [...result.candidates].sort((a, b) => b.validationAccuracy - a.validationAccuracy || a.derived.predictedCost - b.derived.predictedCost)[0]!;
    expect(result.picked).toBe(best.derived.name);
    for (const c of result.candidates) expect(c.objective).toBeCloseTo((1 - c.validationAccuracy) * 0.2, 6);
  }, 300_000);

  it('needs at least one sample of P_θ to compare the argmax with', async () => {
    await expect(architecturePickWorkflow({ space: 'fbnet-micro-28', data: 'embedded', epochs: 2, seed: 0, samples: 0, out: join(root, 'none') }))
      .rejects.toThrow('architecture pick: samples must be an integer ≥ 1 (the argmax is compared with that many draws of P_θ), got 0');
  });
});
