import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and no whitespace, so key order and formatting do not change it but
 * any content change does.
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

/**
 * The SHA-256 (64 hex digits) of a JSON value's canonical text (`canonicalJson`), e.g. of a space, a table or a job.
 *
 * @example
 * sha256Json({ b: 1, a: 2 }) === sha256Json({ a: 2, b: 1 }); // true
 */
export function sha256Json(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
