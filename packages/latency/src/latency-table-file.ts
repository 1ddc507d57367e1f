import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SearchSpace } from '@fbnas/search-space';
import { assertTableMatchesSpace } from './assert-table-matches-space';
import type { LatencyTable } from './latency-table';
import { parseLatencyTable } from './parse-latency-table';

/**
 * Writes a table as pretty JSON, atomically: it is validated, written to a temporary file beside `file`, then
 * renamed over it, so readers see the old table or the new one, never half of one. Creates the folder.
 *
 * @throws FormatError when the table is invalid (nothing is written).
 * @example
 * await saveLatencyTable('runs/fbnet-micro-28.wasm.b1.lut.json', table);
 */
export async function saveLatencyTable(file: string, table: LatencyTable): Promise<void> {
  await writeJsonFileAtomic(file, parseLatencyTable(table));
}

/** `value` as pretty JSON in `file`, through a temporary file beside it and a rename; creates the folder. */
export async function writeJsonFileAtomic(file: string, value: unknown): Promise<void> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  await mkdir(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Reads and validates a table; with `space`, also checks that it belongs to it (`assertTableMatchesSpace`).
 *
 * @throws Error naming the file for unreadable files and invalid JSON; FormatError (message prefixed with the
 *   file) for an invalid table.
 * @example
 * const table = await loadLatencyTable('runs/fbnet-micro-28.wasm.b1.lut.json', loadSpace('fbnet-micro-28'));
 */
export async function loadLatencyTable(file: string, space?: SearchSpace): Promise<LatencyTable> {
  return readJsonFile(file, (json) => {
    const table = parseLatencyTable(json);
    if (space !== undefined) assertTableMatchesSpace(table, space);
    return table;
  });
}

/** `file`'s JSON through `parse`, every error prefixed with the file. */
export async function readJsonFile<T>(file: string, parse: (json: unknown) => T): Promise<T> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parse(json);
  } catch (error) {
    if (error instanceof Error) error.message = `${file}: ${error.message}`;
    throw error;
  }
}
