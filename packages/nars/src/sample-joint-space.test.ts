import { countArch } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { loadJointSpace } from './builtin-joint-spaces';
import { sampleJointSpace } from './sample-joint-space';

const ops = createBuiltinOpSpecRegistry();
const space = loadJointSpace('nars-micro-28');

describe('sampleJointSpace', () => {
  it('keeps only pairs within the MAC and parameter bounds, counted exactly, and says how many each bound rejected', () => {
    const unconstrained = sampleJointSpace(space, { count: 64, seed: 3 });
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[32]!;
    const maxMacs = median(unconstrained.pairs.map((p) => p.macs));
    const maxParams = median(unconstrained.pairs.map((p) => p.params));
    const result = sampleJointSpace(space, { count: 32, seed: 3, constraints: { maxMacs, maxParams } });
    expect(result.pairs).toHaveLength(32);
    for (const pair of result.pairs) {
      expect(pair.macs).toBeLessThanOrEqual(maxMacs);
      expect(pair.params).toBeLessThanOrEqual(maxParams);
      const count = countArch(pair.architecture, ops);
      expect([pair.macs, pair.params]).toEqual([count.macs, count.weights]);
    }
    expect(result.drawn).toBe(32 + Object.values(result.rejected).reduce((a, b) => a + b, 0));
    expect(result.rejected.maxMacs).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = sampleJointSpace(space, { count: 8, seed: 11 }).pairs.map((p) => p.sample);
    expect(sampleJointSpace(space, { count: 8, seed: 11 }).pairs.map((p) => p.sample)).toEqual(a);
    expect(sampleJointSpace(space, { count: 8, seed: 12 }).pairs.map((p) => p.sample)).not.toEqual(a);
  });

  it('spreads the pairs over every option of every searched dimension (QMC: 32 points, at most 8 options)', () => {
    const { pairs } = sampleJointSpace(space, { count: 32, seed: 5 });
    for (const [index, dimension] of space.searched.entries()) {
      if (dimension.kind !== 'options') continue;
      const seen = new Set(pairs.map((p) => String(dimension.options[Math.min(dimension.options.length - 1, Math.floor(p.point[index]! * dimension.options.length))])));
      expect(seen.size, dimension.path).toBe(dimension.options.length);
    }
  });

  it('applies a latency bound through latencyOf, and refuses it without', () => {
    const latencyOf = (arch: { inputSize: number }) => arch.inputSize; // a stand-in "latency": the resolution
    const { pairs } = sampleJointSpace(space, { count: 10, seed: 1, constraints: { maxLatency: 24 }, latencyOf });
    expect(pairs.every((p) => p.latency! <= 24 && p.sample.resolution <= 24)).toBe(true);
    expect(() => sampleJointSpace(space, { count: 1, constraints: { maxLatency: 24 } })).toThrow('constraints.maxLatency needs options.latencyOf');
  });

  it('gives up after maxDraws naming the bound that rejected most', () => {
    expect(() => sampleJointSpace(space, { count: 4, constraints: { maxMacs: 1 }, maxDraws: 50 }))
      .toThrow("only 0 of 4 pairs of space 'nars-micro-28' met the constraints in 50 draws (maxMacs rejected 50); loosen maxMacs or raise options.maxDraws");
  });
});
