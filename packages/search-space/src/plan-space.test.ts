import { countArch, countPlan } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { tinySpaceDefinition } from './__fixtures__/tiny-space';
import { loadSpace } from './builtin-spaces';
import { parseSpace } from './parse-space';
import { derive } from './derive';
import { planSpace, type PlannedSpaceBlock } from './plan-space';
import { randomSample } from './random-sample';

const ops = createBuiltinOpSpecRegistry();

describe('planSpace', () => {
  it('plans every fixed block and every allowed (layer, candidate) pair, keyed like a latency table', () => {
    const plan = planSpace(parseSpace(tinySpaceDefinition()), ops);
    expect(plan.input).toEqual({ height: 16, width: 16, channels: 3 });
    expect(Object.keys(plan.fixed)).toEqual(['backbone.stages.xif0_0', 'backbone.stages.xif2_0', 'head']);
    expect(Object.keys(plan.layers)).toEqual(['a_0', 'b_0', 'b_1']);
    expect(Object.keys(plan.layers.a_0!)).toEqual(['k3_e1', 'skip']);
    expect(Object.keys(plan.layers.b_1!)).toEqual(['k3_e1', 'k3_e1_g2', 'k5_e3', 'skip']);
    const block = plan.layers.b_0!.k5_e3!;
    expect(block.path).toBe('backbone.stages.xif1_1');
    expect(block.inShape).toEqual({ height: 8, width: 8, channels: 8 });
    expect(block.outShape).toEqual({ height: 4, width: 4, channels: 12 });
    expect(block.latencyKey).toBe('ir-in:8x8x8-out:4x4x12-k:5-e:3-s:2-se:none-act:relu-d:1');
    expect(plan.layers.a_0!.skip!.plan).toEqual([]); // identity
    expect(plan.fixed.head!.inShape).toEqual({ height: 4, width: 4, channels: 16 });
  });

  it('gives blocks whose MACs add up to countArch of any derived architecture', () => {
    const space = loadSpace('fbnet-micro-28');
    const plan = planSpace(space, ops);
    const macs = (block: PlannedSpaceBlock) => countPlan(block.plan, block.inShape).macs;
    const fixed = Object.values(plan.fixed).reduce((total, block) => total + macs(block), 0);
    expect(fixed).toBe(162624);
    expect(macs(plan.layers.c16_0!.k5_e6!)).toBe(1072512);
    for (let seed = 0; seed < 5; seed++) {
      const sample = randomSample(space, seed);
      const layers = space.layers.reduce((total, layer) => total + macs(plan.layers[layer.id]![sample[layer.id]!]!), 0);
      expect(fixed + layers).toBe(countArch(derive(space, sample), ops).macs);
    }
  });
});
