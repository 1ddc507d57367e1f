import { childPath, expectedError, FormatError, isPlainObject } from '@fbnas/core';
import { LATENCY_TABLE_FORMAT, LATENCY_UNITS, type LatencyTable } from './latency-table';

const TOP_LEVEL_KEYS = ['format', 'space', 'unit', 'batchSize', 'metadata', 'fixed', 'layers'] as const;
const METADATA_KEYS = ['backend', 'tfjsVersion', 'cpu', 'cores', 'threads', 'gpu', 'node', 'date', 'warmup', 'repeats', 'predictOverhead'] as const;
const STAT_KEYS = ['median', 'p90', 'std', 'count', 'key'] as const;

/**
 * Checks that `value` is a valid `fbnas.lut/v1` document (see `latency-table.ts`) and returns it typed. Whether
 * it covers a given space is checked by `assertTableMatchesSpace`.
 *
 * @throws FormatError naming the JSON path and the expected form, e.g.
 *   `layers.c24_0.k3_e6.median: expected a finite number ≥ 0, got -3`.
 * @example
 * const table = parseLatencyTable(JSON.parse(text));
 */
export function parseLatencyTable(value: unknown): LatencyTable {
  checkObject(value, '(root)', `an ${LATENCY_TABLE_FORMAT} object`, TOP_LEVEL_KEYS);
  const table = value as Record<string, unknown>;
  if (table.format !== LATENCY_TABLE_FORMAT) throw expectedError('format', JSON.stringify(LATENCY_TABLE_FORMAT), table.format);
  checkSpaceReference(table.space);
  if (!LATENCY_UNITS.includes(table.unit as never)) {
    throw expectedError('unit', `one of ${LATENCY_UNITS.map((unit) => JSON.stringify(unit)).join(', ')}`, table.unit);
  }
  checkCount(table.batchSize, 'batchSize', 1);
  checkMetadata(table.metadata);
  checkObject(table.fixed, 'fixed', 'an object {"blockPath": stat, ...}');
  for (const [path, stat] of Object.entries(table.fixed as object)) checkStat(stat, childPath('fixed', path));
  checkObject(table.layers, 'layers', 'an object {"layerId": {"candidate": stat, ...}, ...}');
  for (const [id, row] of Object.entries(table.layers as object)) {
    const rowPath = childPath('layers', id);
    checkObject(row, rowPath, 'an object {"candidate": stat, ...}');
    for (const [candidate, stat] of Object.entries(row as object)) checkStat(stat, childPath(rowPath, candidate));
  }
  return value as LatencyTable;
}

/** Checks a table's or model's `space`: `{"name": string, "sha256": 64 hex digits}`. */
export function checkSpaceReference(value: unknown): void {
  checkObject(value, 'space', 'an object {"name": string, "sha256": hex}', ['name', 'sha256']);
  const space = value as Record<string, unknown>;
  checkString(space.name, 'space.name');
  if (typeof space.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(space.sha256)) {
    throw expectedError('space.sha256', 'a SHA-256 digest (64 lowercase hex digits)', space.sha256);
  }
}

/** Checks a table's or model's `metadata` (`LatencyMetadata`). */
export function checkMetadata(value: unknown): void {
  checkObject(value, 'metadata', 'an object {"backend", "tfjsVersion", "cpu", ...}', METADATA_KEYS);
  const metadata = value as Record<string, unknown>;
  for (const key of ['backend', 'tfjsVersion', 'cpu', 'node'] as const) checkString(metadata[key], `metadata.${key}`);
  if (metadata.gpu !== undefined) checkString(metadata.gpu, 'metadata.gpu');
  if (typeof metadata.date !== 'string' || Number.isNaN(Date.parse(metadata.date))) {
    throw expectedError('metadata.date', 'an ISO 8601 date', metadata.date);
  }
  checkCount(metadata.cores, 'metadata.cores', 1);
  checkCount(metadata.threads, 'metadata.threads', 1);
  checkCount(metadata.warmup, 'metadata.warmup', 0);
  checkCount(metadata.repeats, 'metadata.repeats', 0);
  if (metadata.predictOverhead !== undefined && metadata.predictOverhead !== 'included' && metadata.predictOverhead !== 'subtracted') {
    throw expectedError('metadata.predictOverhead', '"included" or "subtracted"', metadata.predictOverhead);
  }
}

function checkStat(value: unknown, path: string): void {
  checkObject(value, path, 'a statistic {"median", "p90", "std", "count", "key"}', STAT_KEYS);
  const stat = value as Record<string, unknown>;
  for (const key of ['median', 'p90', 'std'] as const) {
    const number = stat[key];
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
      throw expectedError(`${path}.${key}`, 'a finite number ≥ 0', number);
    }
  }
  checkCount(stat.count, `${path}.count`, 0);
  checkString(stat.key, `${path}.key`);
}

/** A plain object at `path`, with only `keys` when given. */
export function checkObject(value: unknown, path: string, expected: string, keys?: readonly string[]): void {
  if (!isPlainObject(value)) throw expectedError(path, expected, value);
  if (keys === undefined) return;
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      throw new FormatError(path === '(root)' ? childPath('', key) : childPath(path, key), `unknown key; expected one of ${keys.join(', ')}`);
    }
  }
}

/** A non-empty string at `path`. */
export function checkString(value: unknown, path: string): void {
  if (typeof value !== 'string' || value === '') throw expectedError(path, 'a non-empty string', value);
}

/** An integer ≥ `minimum` at `path`. */
export function checkCount(value: unknown, path: string, minimum: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw expectedError(path, minimum === 0 ? 'a non-negative integer' : 'a positive integer', value);
  }
}
