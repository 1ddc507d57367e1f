import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Json } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], c: null })).toBe('{"a":[{"c":3,"d":2}],"b":1,"c":null}');
    expect(canonicalJson([2, 1])).toBe('[2,1]');
  });

  it('hashes the canonical text: key order does not matter, content does', () => {
    expect(sha256Json({ b: 1, a: 2 })).toBe(createHash('sha256').update('{"a":2,"b":1}').digest('hex'));
    expect(sha256Json({ a: 2, b: 1 })).toBe(sha256Json({ b: 1, a: 2 }));
    expect(sha256Json({ a: 2, b: 1.5 })).not.toBe(sha256Json({ a: 2, b: 1 }));
  });
});
