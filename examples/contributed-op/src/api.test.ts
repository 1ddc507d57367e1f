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
    [['ghost', 16, 1, 1], ['ghost_k5', 16, 2, 1]],
    [['ir7', 16, 1, 1, { expansion: 3 }], ['ir7_hs', 24, 1, 1, { expansion: 2 }]],
  ],
};

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('contributed ops through the API', () => {
  it('counts MACs and weights by the hand formulas of a ghost module and a 7×7 inverted residual', () => {
    const count = countArch(arch, ops);
    const [, ghost, ghostK5, ir7, ir7Hs] = count.blocks;
    // ghost 8→16 at 8×8: primary 1×1 8→8, cheap 3×3 depthwise on 8 channels.
    expect(ghost).toMatchObject({ weights: 8 * 8 + 8 * 9, macs: (8 * 8 + 8 * 9) * 64, bnChannels: 16 });
    // ghost_k5 16→16 stride 2 (on the primary conv): output 4×4, cheap 5×5.
    expect(ghostK5).toMatchObject({ weights: 16 * 8 + 8 * 25, macs: (16 * 8 + 8 * 25) * 16 });
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
    // The first ghost block's output: its first 8 channels are the primary path, the last 8 the cheap conv of them.
    const names = model.layers.map((layer) => layer.name);
    const concat = model.layers[names.findIndex((name) => name.startsWith('backbone.stages.xif1_0.concat'))]!;
    expect(concat.outputShape).toEqual([null, 8, 8, 16]);
    tf.dispose([x, logits]);
    model.dispose();
  });

  it('measures a latency table of a space whose candidates are the contributed ops', async () => {
    const space = parseSpace(JSON.parse(readFileSync(new URL('./my-space.json', import.meta.url), 'utf8')));
    const before = tf.memory().numTensors;
    const table = await buildLatencyTable(space, { batchSize: 1, warmup: 1, repeats: 3, ops });
    expect(tf.memory().numTensors).toBe(before);
    const keys = Object.values(table.layers).flatMap((layer) => Object.values(layer).map((stat) => stat.key));
    expect(keys.some((key) => key === 'ghost-in:14x14x8-out:7x7x16-k:3-s:2-act:relu')).toBe(true);
    expect(keys.some((key) => key.startsWith('ir7-in:'))).toBe(true);
  });
});
