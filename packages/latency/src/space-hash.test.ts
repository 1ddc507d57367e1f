import { loadSpace, parseSpace } from '@fbnas/search-space';
import { describe, expect, it } from 'vitest';
import { tinySpace } from './__fixtures__/tiny-space';
import { spaceSha256 } from './space-hash';

describe('spaceSha256', () => {
  it('ignores key order and formatting but not content', () => {
    const space = tinySpace();
    const reordered = parseSpace(JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(space.definition).reverse()), null, 2)));
    expect(spaceSha256(reordered)).toBe(spaceSha256(space));
    expect(spaceSha256(space)).toMatch(/^[0-9a-f]{64}$/);
    const changed = parseSpace({ ...space.definition, numClasses: 5 });
    expect(spaceSha256(changed)).not.toBe(spaceSha256(space));
    expect(spaceSha256(loadSpace('fbnet-micro-28'))).not.toBe(spaceSha256(loadSpace('fbnet-micro-32')));
  });
});
