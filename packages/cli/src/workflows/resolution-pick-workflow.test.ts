import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadMaskSpace } from '@fbnas/search-space';
import { afterAll, describe, expect, it } from 'vitest';
import { fixResolution, resolutionPickWorkflow } from './resolution-pick-workflow';

const root = mkdtempSync(join(tmpdir(), 'fbnas-pick-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fixResolution', () => {
  it('fixes a mask space at one of its resolutions and leaves every other choice as it was', () => {
    const space = loadMaskSpace('fbnetv2-micro-28');
    expect(space.resolutions).toEqual([28, 21, 14]);
    const fixed = fixResolution(space, 21);
    expect(fixed.name).toBe('fbnetv2-micro-28-res21');
    expect(fixed.resolutions).toEqual([21]);
    expect(fixed.definition.stages).toEqual(space.definition.stages);
    expect(fixed.definition.candidates).toEqual(space.definition.candidates);
    expect(fixed.inputSize).toBe(28);
  });

  it('names the space and its resolutions when asked for another', () => {
    expect(() => fixResolution(loadMaskSpace('fbnetv2-micro-28'), 32)).toThrow("fixResolution: 'fbnetv2-micro-28' has resolutions 28, 21, 14, not 32");
  });
});

describe('resolutionPickWorkflow', () => {
  it('leaves no tensors behind: searches, trainings and their models are disposed', async () => {
    const options = {
      space: loadMaskSpace('fbnetv2-micro-28'), data: 'embedded', epochs: 2, seed: 1, batchSize: 32, trainImages: 160,
      target: { mode: 'flops' as const, value: 600000 }, pick: { epochs: 1 },
    };
    await resolutionPickWorkflow({ ...options, out: join(root, 'first') }); // backend, kernels and caches set up
    const before = tf.memory().numTensors;
    const result = await resolutionPickWorkflow({ ...options, out: join(root, 'second') });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.candidates.map((c) => c.resolution)).toEqual([28, 21, 14]);
  }, 120_000);
});
