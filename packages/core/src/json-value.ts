import { childPath, expectedError } from './format-error';

/** A JSON value: what the fbnas data formats are made of (no `undefined`, functions, NaN or Infinity). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * True for a plain object (`{}` literal or `JSON.parse` output), false for arrays, null, class instances.
 *
 * @example
 * isPlainObject({ kernel: 3 }); // true
 * isPlainObject([1]); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks that `value` is pure JSON (finite numbers, strings, booleans, null, arrays, plain objects) and
 * returns it typed.
 *
 * @throws FormatError naming the path of the first non-JSON value.
 * @example
 * assertJsonValue({ kernel: 3 }, 'stages[0][0][4]');
 */
export function assertJsonValue(value: unknown, path: string): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw expectedError(path, 'a finite number (JSON)', value);
    return value;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertJsonValue(item, `${path}[${index}]`));
    return value as JsonValue[];
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) assertJsonValue(item, childPath(path, key));
    return value as JsonObject;
  }
  throw expectedError(path, 'a JSON value', value);
}
