import { describe, expect, it } from 'vitest';
import { tinySpaceDefinition } from './__fixtures__/tiny-space';
import { createBuiltinSpaceRegistry, listBuiltinSpaces, loadSpace } from './builtin-spaces';
import { parseSpace } from './parse-space';

describe('built-in spaces', () => {
  it('lists the three spaces with their sizes', () => {
    expect(listBuiltinSpaces().map(({ name, inputSize, inputChannels, numClasses, layerCount, candidateCount }) => [
      name, inputSize, inputChannels, numClasses, layerCount, candidateCount,
    ])).toEqual([
      ['fbnet', 224, 3, 1000, 22, 9],
      ['fbnet-micro-28', 28, 1, 10, 8, 9],
      ['fbnet-micro-32', 32, 3, 10, 8, 9],
    ]);
    expect(listBuiltinSpaces()[0]!.log10Architectures).toBeCloseTo(20.993, 3);
  });

  it('loads by name and lists the known names for an unknown one', () => {
    expect(loadSpace('fbnet-micro-32').inputChannels).toBe(3);
    expect(() => loadSpace('fbnet-v2')).toThrow("unknown search space 'fbnet-v2'; known search spaces: fbnet, fbnet-micro-28, fbnet-micro-32");
  });

  it('extends into a new registry', () => {
    const builtin = createBuiltinSpaceRegistry();
    const more = builtin.extend([parseSpace(tinySpaceDefinition())]);
    expect(loadSpace('tiny', more).layers).toHaveLength(3);
    expect(builtin.has('tiny')).toBe(false);
    expect(listBuiltinSpaces(more).map((space) => space.name)).toContain('tiny');
  });

  it('uses the paper\'s nine candidates mapped to zoo ops (spec §8.1)', () => {
    expect(loadSpace('fbnet').candidates.map(({ name, op, args }) => `${name}=${op}${JSON.stringify(args)}`)).toEqual([
      'k3_e1=ir_k3{"expansion":1}',
      'k3_e1_g2=ir_k3_g2{"expansion":1,"pwlGroups":2}',
      'k3_e3=ir_k3{"expansion":3}',
      'k3_e6=ir_k3{"expansion":6}',
      'k5_e1=ir_k5{"expansion":1}',
      'k5_e1_g2=ir_k5_g2{"expansion":1,"pwlGroups":2}',
      'k5_e3=ir_k5{"expansion":3}',
      'k5_e6=ir_k5{"expansion":6}',
      'skip=skip{}',
    ]);
  });
});
