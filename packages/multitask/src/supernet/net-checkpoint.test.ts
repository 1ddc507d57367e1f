import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-layers';
import { memory } from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { momentumSgd } from '@fbnas/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multitaskLayout, pruneLayout } from '../multitask-layout';
import { createMultitaskSupernet } from './multitask-supernet';
import { restoreNetCheckpoint, saveNetCheckpoint } from './net-checkpoint';

const root = mkdtempSync(join(tmpdir(), 'fbnas-net-checkpoint-'));
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('net checkpoints', () => {
  const layout = multitaskLayout();
  const keep = layout.skippable.map(() => 1 as const);

  it('restore every variable as saved, and refuse a checkpoint of another network; no tensor leaks', async () => {
    const before = memory().numTensors;
    const saved = createMultitaskSupernet(pruneLayout(layout, 'box', keep), 1);
    const optimizer = momentumSgd(0.9);
    const path = join(root, 'box');
    expect(await restoreNetCheckpoint(path, saved, optimizer)).toBeNull();
    await saveNetCheckpoint(path, saved, optimizer, { epoch: 4 });
    const restored = createMultitaskSupernet(pruneLayout(layout, 'box', keep), 2);
    expect(await restoreNetCheckpoint(path, restored, optimizer)).toEqual({ epoch: 4 });
    for (const [name, variable] of saved.namedVariables()) {
      expect(Array.from(restored.namedVariables().get(name)!.dataSync()), name).toEqual(Array.from(variable.dataSync()));
    }
    const other = createMultitaskSupernet(pruneLayout(layout, 'segmentation', keep), 1);
    await expect(restoreNetCheckpoint(path, other, optimizer)).rejects.toThrow(new RegExp(`^${path}: missing tensor '.*'; the checkpoint is of another network$`));
    [saved, restored, other].forEach((net) => net.dispose());
    optimizer.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
