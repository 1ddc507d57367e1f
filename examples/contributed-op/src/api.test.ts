/**
 * The contributed ops through the library API, as a contributor outside the repository uses them: counting (against
 * hand formulas and tfjs's own parameter count), building (the concat computes what the plan says), a latency table
 * of a space that has them as candidates.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { countArch, makeDivisible, type ArchDefinition } from '@fbnas/core';
import { buildLatencyTable } from '@fbnas/latency';
import { buildModel } from '@fbnas/ops';
import { parseSpace } from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOps } from './my-ops.js';

const ops = createOps();

/** An architecture using both contributed ops (and built-ins around them). */
const arch: ArchDefinition = {
  format: 'fbnas.arch/v1',
  name: 'contributed',
  inputSize: 16,
  inputChannels: 3,
  numClasses: 10,
  stages: [
    [['conv_k3', 8, 2, 1]],
    [['ghost', 16, 1, 1, { expansion: 3 }], ['ghost_k5', 16, 2, 1, { expansion: 2 }]],
    [['ir7', 16, 1, 1, { expansion: 3 }], ['ir7_hs', 24, 1, 1, { expansion: 2 }]],
  ],
};

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('contributed ops through the API', () => {
  it('counts MACs and weights by the hand formulas of a ghost bottleneck and a 7×7 inverted residual', () => {
    const count = countArch(arch, ops);
    const [, ghost, ghostK5, ir7, ir7Hs] = count.blocks;
    // ghost 8→16, e 3, at 8×8: hidden 24; ghost module 8→24 (primary 1×1 8→12, cheap 3×3 dw on 12), ghost module
    // 24→16 (primary 24→8, cheap 3×3 dw on 8); no residual (8 ≠ 16).
    const ghostWeights = 8 * 12 + 12 * 9 + 24 * 8 + 8 * 9;
    expect(ghost).toMatchObject({ weights: ghostWeights, macs: ghostWeights * 64, bnChannels: 24 + 16 });
    // ghost_k5 16→16, e 2, stride 2: hidden 32 at 8×8 (primary 16→16, cheap 5×5 dw on 16), dw 5×5 stride 2 on 32 →
    // 4×4, ghost module 32→16 at 4×4 (primary 32→8, cheap 5×5 dw on 8).
    expect(ghostK5).toMatchObject({
      weights: 16 * 16 + 16 * 25 + 32 * 25 + 32 * 8 + 8 * 25,
      macs: (16 * 16 + 16 * 25) * 64 + (32 * 25 + 32 * 8 + 8 * 25) * 16,
    });
    // ir7 16→16 e3 at 4×4: hidden 48; pw 16·48, dw 48·49, pwl 48·16.
    const hidden = makeDivisible(16 * 3, 8);
    expect(ir7).toMatchObject({ weights: 16 * hidden + hidden * 49 + hidden * 16, macs: (16 * hidden + hidden * 49 + hidden * 16) * 16 });
    expect(ir7Hs!.weights).toBe(16 * 32 + 32 * 49 + 32 * 24);
  });

  it('builds a model whose tfjs parameter count equals the counted one, and whose ghost output is [primary | cheap(primary)]', () => {
    const model = buildModel(arch, { ops, seed: 3 });
    expect(model.countParams()).toBe(countArch(arch, ops).frameworkParams);
    const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 1);
    const logits = model.predict(x) as tf.Tensor;
    expect(logits.shape).toEqual([2, 10]);
    // The first block's ghost modules: 12 primary + 12 cheap channels, then 8 + 8.
    const concats = model.layers.filter((layer) => layer.name.startsWith('backbone.stages.xif1_0.concat'));
    expect(concats.map((layer) => layer.outputShape)).toEqual([[null, 8, 8, 24], [null, 8, 8, 16]]);
    tf.dispose([x, logits]);
    model.dispose();
  });

  it('measures a latency table of a space whose candidates are the contributed ops', async () => {
    const space = parseSpace(JSON.parse(readFileSync(new URL('./my-space.json', import.meta.url), 'utf8')));
    const before = tf.memory().numTensors;
    const table = await buildLatencyTable(space, { batchSize: 1, warmup: 1, repeats: 3, ops });
    expect(tf.memory().numTensors).toBe(before);
    const keys = Object.values(table.layers).flatMap((layer) => Object.values(layer).map((stat) => stat.key));
    expect(keys.some((key) => key === 'ghost-in:14x14x8-out:7x7x16-e:2-k:3-s:2-act:relu')).toBe(true);
    expect(keys.some((key) => key.startsWith('ir7-in:'))).toBe(true);
  });
});
