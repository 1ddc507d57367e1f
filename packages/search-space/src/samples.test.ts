import { FormatError } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { tinySpaceDefinition } from './__fixtures__/tiny-space';
import { argmaxSample } from './argmax-sample';
import { validateSample } from './architecture-sample';
import { loadSpace } from './builtin-spaces';
import { parseSpace } from './parse-space';
import { randomSample } from './random-sample';
import { seededRandom } from './seeded-random';

const space = parseSpace(tinySpaceDefinition());

describe('validateSample', () => {
  it('accepts one allowed candidate per layer', () => {
    const sample = { a_0: 'skip', b_0: 'k5_e3', b_1: 'k3_e1_g2' };
    expect(validateSample(space, sample)).toBe(sample);
  });

  it.each<[unknown, string]>([
    [[], '(root): expected a sample {"layerId": "candidateName", ...}, got []'],
    [{ a_0: 'skip', b_0: 'k5_e3' }, 'b_1: missing layer; expected one of the candidates k3_e1, k3_e1_g2, k5_e3, skip'],
    [{ a_0: 'skip', b_0: 'k5_e3', b_1: 'skip', c_0: 'skip' }, "c_0: unknown layer; the layers of space 'tiny' are a_0, b_0, b_1"],
    [{ a_0: 'k5_e3', b_0: 'k5_e3', b_1: 'skip' }, 'a_0: expected one of the candidates k3_e1, skip, got "k5_e3"'],
    [{ a_0: 'skip', b_0: 3, b_1: 'skip' }, 'b_0: expected one of the candidates k3_e1, k3_e1_g2, k5_e3, skip, got 3'],
  ])('names the layer: %j', (sample, message) => {
    expect(() => validateSample(space, sample)).toThrow(FormatError);
    expect(() => validateSample(space, sample)).toThrow(message);
  });

  it('prefixes paths inside a larger document', () => {
    expect(() => validateSample(space, { a_0: 'x', b_0: 'skip', b_1: 'skip' }, 'result.sample')).toThrow('result.sample.a_0: expected');
  });
});

describe('randomSample', () => {
  it('is valid and deterministic for a seed, and covers every candidate', () => {
    const fbnet = loadSpace('fbnet');
    expect(randomSample(fbnet, 3)).toEqual(randomSample(fbnet, 3));
    expect(randomSample(fbnet, 3)).not.toEqual(randomSample(fbnet, 4));
    const random = seededRandom(11);
    const seen = new Map<string, number>();
    for (let draw = 0; draw < 200; draw++) {
      const sample = validateSample(space, randomSample(space, random));
      seen.set(sample.b_0!, (seen.get(sample.b_0!) ?? 0) + 1);
      expect(['k3_e1', 'skip']).toContain(sample.a_0);
    }
    expect([...seen.keys()].sort()).toEqual(['k3_e1', 'k3_e1_g2', 'k5_e3', 'skip']);
    for (const count of seen.values()) expect(count).toBeGreaterThan(25); // 50 expected of 200
  });

  it('draws floats in [0, 1)', () => {
    const random = seededRandom(0);
    const values = Array.from({ length: 1000 }, random);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});

describe('argmaxSample', () => {
  it('takes the largest logit per layer, the first on ties', () => {
    expect(argmaxSample(space, { a_0: [0, 1], b_0: [3, 3, 1, 0], b_1: [-1, -2, -0.5, -3] })).toEqual({
      a_0: 'skip',
      b_0: 'k3_e1',
      b_1: 'k5_e3',
    });
  });

  it.each<[Record<string, number[]>, string]>([
    [{ a_0: [0, 1], b_0: [1, 2, 3, 4] }, 'b_1: expected 4 finite numbers (one per candidate: k3_e1, k3_e1_g2, k5_e3, skip), got nothing'],
    [{ a_0: [0, 1, 2], b_0: [1, 2, 3, 4], b_1: [1, 2, 3, 4] }, 'a_0: expected 2 finite numbers'],
    [{ a_0: [0, Number.NaN], b_0: [1, 2, 3, 4], b_1: [1, 2, 3, 4] }, 'a_0[1]: expected a finite number, got NaN'],
    [{ a_0: [0, 1], b_0: [1, 2, 3, 4], b_1: [1, 2, 3, 4], z_0: [1] }, "z_0: unknown layer of space 'tiny'"],
  ])('names the layer: %j', (logits, message) => {
    expect(() => argmaxSample(space, logits)).toThrow(message);
  });
});
