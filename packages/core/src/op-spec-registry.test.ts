import { describe, expect, it } from 'vitest';
import { testConvSpec, testHeadSpec, testSkipSpec } from './__fixtures__/test-ops';
import { createOpSpecRegistry, opNames, resolveOpName } from './op-spec-registry';
import { createRegistry } from './registry';

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

  it('has every usable name: canonical names and aliases', () => {
    for (const name of ['conv', 'conv_k3', 'conv_k1', 'skip']) expect(registry.has(name)).toBe(true);
    expect(registry.has('ir')).toBe(false);
    expect(registry.has('')).toBe(false);
    expect(registry.names()).toEqual(['conv', 'skip']);
  });

  it('gets canonical specs only, and points an alias to resolveOpName', () => {
    expect(registry.get('conv')).toBe(testConvSpec);
    expect(() => registry.get('conv_k1')).toThrow(
      `'conv_k1' is an alias of op 'conv' (fixed arguments {"kernel":1,"activation":"relu"}); get() takes canonical op names: ` +
        "use resolveOpName(registry, 'conv_k1') for the spec and its fixed arguments",
    );
    expect(() => registry.get('ir')).toThrow("unknown op 'ir'; known ops: conv, skip");
  });

  it('extends into an op registry that knows the new aliases and leaves the original unchanged', () => {
    const withAlias = { ...testHeadSpec, aliases: [{ name: 'fc', args: {} }] };
    const extended = registry.extend([withAlias]);
    expect(extended.has('fc')).toBe(true);
    expect(() => extended.get('fc')).toThrow("'fc' is an alias of op 'classifier'");
    expect(resolveOpName(extended, 'fc')).toEqual({ spec: withAlias, fixedArgs: {}, alias: 'fc' });
    expect(registry.has('fc')).toBe(false);
    expect(Object.isFrozen(extended)).toBe(true);
  });

  it('checks alias collisions as soon as it extends', () => {
    const clash = { ...testHeadSpec, aliases: [{ name: 'conv_k3', args: {} }] };
    expect(() => registry.extend([clash])).toThrow("alias 'conv_k3' of op 'classifier' collides with an alias of op 'conv'");
    const shadow = { ...testHeadSpec, aliases: [{ name: 'skip', args: {} }] };
    expect(() => registry.extend([shadow])).toThrow("alias 'skip' of op 'classifier' collides with the op 'skip'");
  });

  it('still resolves aliases of a registry made with createRegistry', () => {
    const plain = createRegistry([testConvSpec], 'op');
    expect(resolveOpName(plain, 'conv_k3').fixedArgs).toEqual({ kernel: 3, activation: 'relu' });
  });
});
