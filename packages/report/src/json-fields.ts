import { childPath, isPlainObject } from '@fbnas/core';
import { expectedInput, ReportInputError } from './report-input-error';

/**
 * Reads the fields of one JSON object with checks; every failure is a `ReportInputError` naming the file and the
 * field's JSON path. `prefix` is put before paths (`line 3: `) for JSON-lines files.
 *
 * @example
 * const fields = objectFields(JSON.parse(text), 'runs/a/result.json');
 * fields.number('testAccuracy', { min: 0, max: 1 }); // 0.87
 */
export interface ObjectFields {
  /** The object itself. */
  readonly value: Record<string, unknown>;
  /** The JSON path of the object (`''` for the document). */
  readonly path: string;
  /** A finite number, optionally within [min, max]. */
  number(key: string, range?: { min?: number; max?: number }): number;
  /** Like `number`, or `undefined` when the key is absent. */
  optionalNumber(key: string, range?: { min?: number; max?: number }): number | undefined;
  /** Like `number`, or `null` when the value is `null` or absent. */
  nullableNumber(key: string, range?: { min?: number; max?: number }): number | null;
  /** A non-empty string. */
  string(key: string): string;
  /** Like `string`, or `undefined` when absent. */
  optionalString(key: string): string | undefined;
  /** A nested object's fields. */
  object(key: string): ObjectFields;
  /** Like `object`, or `undefined` when absent or `null`. */
  optionalObject(key: string): ObjectFields | undefined;
  /** An array's items. */
  array(key: string): unknown[];
  /** An object whose values are all finite numbers (`{"k3_e1": 0.11, …}`). */
  numberRecord(key: string, range?: { min?: number; max?: number }): Record<string, number>;
  /** An object whose values are all strings (`{"c16_0": "k3_e1", …}`). */
  stringRecord(key: string): Record<string, string>;
  /** Fails on keys outside `known`. */
  onlyKeys(known: readonly string[]): void;
  /** A `ReportInputError` at `key` (for checks the methods do not cover). */
  fail(key: string, expected: string, received: unknown): Error;
}

/**
 * Wraps `value` (which must be a plain object) for checked field access.
 *
 * @throws ReportInputError when `value` is not an object.
 */
export function objectFields(value: unknown, file: string, path = '', prefix = ''): ObjectFields {
  const where = (key: string) => `${prefix}${childPath(path, key)}`;
  if (!isPlainObject(value)) throw expectedInput(file, `${prefix}${path}`.replace(/: $/, ''), 'a JSON object', value);
  const object = value;
  const checkNumber = (key: string, raw: unknown, range: { min?: number; max?: number } = {}): number => {
    const bounds = range.min !== undefined && range.max !== undefined ? ` from ${range.min} to ${range.max}`
      : range.min !== undefined ? ` ≥ ${range.min}` : range.max !== undefined ? ` ≤ ${range.max}` : '';
    if (typeof raw !== 'number' || !Number.isFinite(raw) || (range.min !== undefined && raw < range.min) || (range.max !== undefined && raw > range.max)) {
      throw expectedInput(file, where(key), `a finite number${bounds}`, raw);
    }
    return raw;
  };
  const fields: ObjectFields = {
    value: object,
    path,
    number: (key, range) => checkNumber(key, object[key], range),
    optionalNumber: (key, range) => (object[key] === undefined ? undefined : checkNumber(key, object[key], range)),
    nullableNumber: (key, range) => (object[key] === undefined || object[key] === null ? null : checkNumber(key, object[key], range)),
    string: (key) => {
      const raw = object[key];
      if (typeof raw !== 'string' || raw === '') throw expectedInput(file, where(key), 'a non-empty string', raw);
      return raw;
    },
    optionalString: (key) => (object[key] === undefined ? undefined : fields.string(key)),
    object: (key) => objectFields(object[key], file, childPath(path, key), prefix),
    optionalObject: (key) => (object[key] === undefined || object[key] === null ? undefined : fields.object(key)),
    array: (key) => {
      const raw = object[key];
      if (!Array.isArray(raw)) throw expectedInput(file, where(key), 'an array', raw);
      return raw;
    },
    numberRecord: (key, range) => {
      const inner = fields.object(key);
      return Object.fromEntries(Object.keys(inner.value).map((name) => [name, inner.number(name, range)]));
    },
    stringRecord: (key) => {
      const inner = fields.object(key);
      return Object.fromEntries(Object.keys(inner.value).map((name) => [name, inner.string(name)]));
    },
    onlyKeys: (known) => {
      const unknown = Object.keys(object).find((key) => !known.includes(key));
      if (unknown !== undefined) throw new ReportInputError(file, where(unknown), `unknown key (expected only ${known.join(', ')})`);
    },
    fail: (key, expected, received) => expectedInput(file, where(key), expected, received),
  };
  return fields;
}
