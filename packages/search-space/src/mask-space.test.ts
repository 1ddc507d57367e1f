import { countArch, FormatError } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { loadMaskSpace } from './builtin-mask-spaces';
import { deriveMask } from './derive-mask';
import { countMaskArchitectures, maskChoiceRows, maskSampleFromIndices } from './mask-choices';
import { parseMaskSpace } from './parse-mask-space';
import { randomMaskSample } from './random-mask-sample';
import { seededRandom } from './seeded-random';
import micro28 from './spaces/fbnetv2-micro-28.json';

const ops = createBuiltinOpSpecRegistry();

describe('fbnetv2-micro-28', () => {
  const space = loadMaskSpace('fbnetv2-micro-28');

  it('lays out layers, input widths and sides per resolution', () => {
    expect(space.layers.map((l) => l.id)).toEqual(['stem_0', 's1_0', 's2_0', 's2_1', 's3_0', 's3_1', 's4_0']);
    const s2 = space.layers[2]!;
    expect(s2.input).toEqual({ layer: 's1_0', channels: [8, 12, 16], sides: [14, 11, 7] });
    expect(s2.channels).toEqual([16, 24, 32]);
    expect(space.blocks.at(-1)).toMatchObject({ path: 'head', input: { layer: null, channels: [128], sides: [4, 3, 2] } });
  });

  it('derives architectures that count and plan with the op registry', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 20; i++) {
      const sample = randomMaskSample(space, random);
      const arch = deriveMask(space, sample);
      expect(arch.inputSize).toBe(sample.resolution);
      const count = countArch(arch, ops);
      expect(count.macs).toBeGreaterThan(0);
    }
  });

  it('has one choice row per searched dimension and maps indices back to a sample', () => {
    const rows = maskChoiceRows(space);
    expect(rows[0]).toEqual({ id: 'resolution', kind: 'resolution', layer: null, options: [28, 21, 14] });
    expect(rows.map((r) => r.id)).toContain('stem_0.channels');
    expect(rows.map((r) => r.id)).not.toContain('stem_0.op');
    const sample = maskSampleFromIndices(space, { resolution: 2, 's1_0.op': 2, 's1_0.channels': 1 });
    expect(sample.resolution).toBe(14);
    expect(sample.layers.s1_0).toEqual({ op: 'skip', channels: 12 });
    expect(sample.layers.s2_0).toEqual({ op: 'k3', channels: 16, expansion: 1 });
    expect(countMaskArchitectures(space)).toBeCloseTo(Math.log10(3 * 3 * 27 * 27 * 27 * 36 * 36 * 27), 10);
  });
});

describe('parseMaskSpace errors', () => {
  const withEntry = (entry: object) => {
    const doc = structuredClone(micro28) as { stages: object[][] };
    doc.stages[1] = [entry];
    return doc;
  };
  const base = { search: 's1', expansion: [1, 2], stride: 1, candidates: ['k3'] };
  it.each([
    [{ ...base, channels: [] }, /stages\[1\]\[0\]\.channels: .*at least one channel count, got an empty list/],
    [{ ...base, channels: [8, 0] }, /stages\[1\]\[0\]\.channels: .*positive integer channel counts, got 0/],
    [{ ...base, channels: [8, 12.5] }, /stages\[1\]\[0\]\.channels: .*positive integer channel counts, got 12.5/],
    [{ ...base, channels: [8, 8] }, /distinct/],
    [{ ...base, channels: { min: 16, max: 8, step: 4 } }, /min ≤ max/],
    [{ ...base, channels: { min: 8, max: 16, step: 0 } }, /step/],
    [{ ...base, channels: [8], expansion: [0] }, /stages\[1\]\[0\]\.expansion\[0\]: expected a positive expansion ratio/],
    [{ ...base, channels: [8], candidates: ['nope'] }, /candidates\[0\]: expected one of the candidates/],
  ])('rejects %j', (entry, message) => {
    expect(() => parseMaskSpace(withEntry(entry))).toThrow(FormatError);
    expect(() => parseMaskSpace(withEntry(entry))).toThrow(message);
  });

  it('rejects resolutions above the input size', () => {
    expect(() => parseMaskSpace({ ...micro28, resolutions: [28, 32] })).toThrow(/resolutions\[1\]: expected an integer input side in \[1, 28\]/);
  });
});
