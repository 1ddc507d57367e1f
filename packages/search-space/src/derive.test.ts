import { countArch, unify, type ArchDefinition } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { tinySpaceDefinition } from './__fixtures__/tiny-space';
import { createBuiltinSpaceRegistry, loadSpace } from './builtin-spaces';
import { derive } from './derive';
import { parseSpace } from './parse-space';
import { randomSample } from './random-sample';
import { seededRandom } from './seeded-random';

const ops = createBuiltinOpSpecRegistry();

/** FBNet-B's 22 searched blocks (methods §1.7; zoo spec §6.2). */
const FBNET_B = 'k3_e1 k3_e6 k5_e1 k3_e1 k3_e1 k5_e6 k5_e3 k3_e6 k5_e6 k5_e6 k5_e6 skip k5_e3 k5_e6 k3_e1 k5_e1 k5_e3 k5_e6 k5_e1 k5_e6 k5_e6 k3_e6';

describe('derive', () => {
  it('replaces every searchable layer by its candidate, keeping fixed entries, basicArgs and head', () => {
    const space = parseSpace({ ...tinySpaceDefinition(), head: { op: 'classifier' } });
    const arch = derive(space, { a_0: 'skip', b_0: 'k3_e1_g2', b_1: 'k5_e3' }, { name: 'tiny-pick' });
    expect(arch).toEqual({
      format: 'fbnas.arch/v1',
      name: 'tiny-pick',
      description: "Derived from search space 'tiny': a_0=skip b_0=k3_e1_g2 b_1=k5_e3",
      inputSize: 16,
      inputChannels: 3,
      numClasses: 5,
      basicArgs: { widthDivisor: 1 },
      stages: [
        [['conv_k3', 8, 2, 1]],
        [['skip', 8, 1, 1], ['ir_k3_g2', 12, 2, 1, { expansion: 1, pwlGroups: 2 }], ['ir_k5', 12, 1, 1, { expansion: 3 }]],
        [['conv_k1', 16, 1, 1]],
      ],
      head: { op: 'classifier' },
    } satisfies ArchDefinition);
    expect(arch.stages[1]![1]![4]).not.toBe(space.candidates[1]!.args); // copies, not shared references
  });

  it('rejects invalid samples with the layer path', () => {
    const space = parseSpace(tinySpaceDefinition());
    expect(() => derive(space, { a_0: 'skip', b_0: 'skip' })).toThrow('b_1: missing layer');
  });

  it('gives FBNet-B for its sample: the zoo block paths, MACs and parameters (spec §6.2)', () => {
    const space = loadSpace('fbnet');
    const choices = FBNET_B.split(' ');
    const arch = derive(space, Object.fromEntries(space.layers.map((layer, index) => [layer.id, choices[index]!])));
    const count = countArch(arch, ops);
    expect(count.macs).toBe(291101640);
    expect(count.weights).toBe(4766672);
    expect(count.trainable).toBe(4818216);
    expect(count.blocks.map((block) => block.path).slice(0, 4)).toEqual([
      'backbone.stages.xif0_0', 'backbone.stages.xif1_0', 'backbone.stages.xif2_0', 'backbone.stages.xif2_1',
    ]);
  });

  it('derives architectures core counts for many random samples of every built-in space, with stable block paths', () => {
    const random = seededRandom(5);
    for (const space of createBuiltinSpaceRegistry().list()) {
      const paths = [...space.fixed.slice(0, -1), ...space.layers].map((block) => block.path).sort();
      for (let draw = 0; draw < 40; draw++) {
        const count = countArch(derive(space, randomSample(space, random)), ops);
        expect(Number.isFinite(count.macs) && count.macs > 0).toBe(true);
        expect(Number.isFinite(count.trainable)).toBe(true);
        expect(count.blocks.map((block) => block.path).filter((path) => path !== 'head').sort()).toEqual(paths);
        expect(count.blocks.at(-1)!.outShape.channels).toBe(space.numClasses);
      }
      expect(unify(derive(space, randomSample(space, 1)), ops).blocks).toHaveLength(space.layers.length + space.fixed.length - 1);
    }
  });
});
