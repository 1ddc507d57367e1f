import { describe, expect, it } from 'vitest';
import { testConvSpec, testHeadSpec, testSkipSpec } from './__fixtures__/test-ops';
import { createOpSpecRegistry, opNames, resolveOpName } from './op-spec-registry';

describe('op spec registry', () => {
  const registry = createOpSpecRegistry([testConvSpec, testSkipSpec]);

  it('resolves canonical names and aliases', () => {
    expect(resolveOpName(registry, 'skip')).toEqual({ spec: testSkipSpec, fixedArgs: {}, alias: null });
    expect(resolveOpName(registry, 'conv_k1')).toEqual({
      spec: testConvSpec,
      fixedArgs: { kernel: 1, activation: 'relu' },
      alias: 'conv_k1',
    });
  });

  it('lists every usable name and names them when one is unknown', () => {
    expect(opNames(registry)).toEqual(['conv', 'conv_k3', 'conv_k1', 'skip']);
    expect(() => resolveOpName(registry, 'ir', 'stages[0][0][0]')).toThrow(
      "stages[0][0][0]: unknown op 'ir'; expected one of conv, conv_k3, conv_k1, skip",
    );
  });

  it('resolves in extended registries', () => {
    expect(resolveOpName(registry.extend([testHeadSpec]), 'classifier').spec).toBe(testHeadSpec);
  });

  it('rejects aliases colliding with an op or another alias', () => {
    const clash = { ...testSkipSpec, aliases: [{ name: 'conv', args: {} }] };
    expect(() => createOpSpecRegistry([testConvSpec, clash])).toThrow("alias 'conv' of op 'skip' collides with the op 'conv'");
    const twice = { ...testSkipSpec, aliases: [{ name: 'conv_k1', args: {} }] };
    expect(() => createOpSpecRegistry([testConvSpec, twice])).toThrow("alias 'conv_k1' of op 'skip' collides with an alias of op 'conv'");
    expect(() => createOpSpecRegistry([testConvSpec, testConvSpec])).toThrow("duplicate op name 'conv'");
  });
});
