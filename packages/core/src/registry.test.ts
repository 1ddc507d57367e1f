import { describe, expect, it } from 'vitest';
import { createRegistry } from './registry';

const items = [
  { name: 'conv', size: 1 },
  { name: 'skip', size: 2 },
];

describe('createRegistry', () => {
  it('gets, checks and lists items in order', () => {
    const registry = createRegistry(items, 'op');
    expect(registry.get('skip').size).toBe(2);
    expect(registry.has('conv')).toBe(true);
    expect(registry.has('ir')).toBe(false);
    expect(registry.list().map((item) => item.name)).toEqual(['conv', 'skip']);
    expect(registry.names()).toEqual(['conv', 'skip']);
  });

  it('names the known items when a name is unknown', () => {
    expect(() => createRegistry(items, 'op').get('ir')).toThrow("unknown op 'ir'; known ops: conv, skip");
  });

  it('extends into a new registry and leaves the original unchanged', () => {
    const registry = createRegistry(items, 'op');
    const extended = registry.extend([{ name: 'ir', size: 3 }]);
    expect(extended.names()).toEqual(['conv', 'skip', 'ir']);
    expect(registry.has('ir')).toBe(false);
  });

  it('rejects duplicate names, also when extending', () => {
    expect(() => createRegistry([...items, { name: 'conv', size: 9 }], 'op')).toThrow("duplicate op name 'conv'");
    expect(() => createRegistry(items, 'op').extend([{ name: 'skip', size: 9 }])).toThrow("duplicate op name 'skip'");
  });

  it('is frozen and unaffected by later changes to the input list', () => {
    const input = [...items];
    const registry = createRegistry(input, 'op');
    input.push({ name: 'ir', size: 3 });
    expect(registry.has('ir')).toBe(false);
    expect(Object.isFrozen(registry)).toBe(true);
    expect(Object.isFrozen(registry.list())).toBe(true);
  });
});
