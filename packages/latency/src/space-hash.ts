import { createHash } from 'node:crypto';
import type { SearchSpace } from '@fbnas/search-space';

/**
 * The SHA-256 (hex) of a space's canonical JSON: its `fbnas.space/v1` definition with object keys sorted and
 * no whitespace, so formatting and key order do not change it but any content change does.
 *
 * @example
 * spaceSha256(loadSpace('fbnet-micro-28')); // '…64 hex digits'
 */
export function spaceSha256(space: SearchSpace): string {
  return createHash('sha256').update(canonicalJson(space.definition)).digest('hex');
}

/**
 * JSON with object keys sorted at every level and no whitespace.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return Object.fromEntries(entries);
  });
}
