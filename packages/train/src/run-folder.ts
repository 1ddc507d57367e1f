/**
 * What `runSearch` and `trainArchitecture` share about their run folders: holding the lock, comparing the
 * inputs saved in `config.json` with the given ones, and bringing a JSON-lines log back to the last checkpoint.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { firstDifference } from './first-difference';
import { RunMismatchError } from './run-errors';
import { readJson, readJsonLines, writeTextAtomic } from './run-files';
import { acquireRunLock, type RunLock } from './run-lock';

/**
 * The lock of `runFolder`: `lock` when the caller already holds it (checked to be that folder's, and left to the
 * caller to release), else a newly acquired one that `release()` gives back.
 */
export async function holdRunLock(runFolder: string, lock: RunLock | undefined, caller: string): Promise<{ release(): Promise<void> }> {
  if (lock === undefined) return acquireRunLock(runFolder);
  if (lock.folder !== resolve(runFolder)) {
    throw new Error(`${caller}: options.lock holds ${lock.folder}, not the run folder ${resolve(runFolder)}`);
  }
  return { release: async () => undefined };
}

/**
 * The saved `config.json` of a run folder, or null when there is none.
 * @throws Error naming the file when it is not valid JSON.
 * @example
 * const saved = await readRunConfig('runs/a/config.json');
 */
export async function readRunConfig(path: string): Promise<Record<string, unknown> | null> {
  if (!existsSync(path)) return null;
  return readJson<Record<string, unknown>>(path);
}

/**
 * Throws `RunMismatchError` naming the first field of `given` (compared as JSON: `undefined` fields are absent)
 * that differs from the same field of `saved` (only `given`'s top-level keys are compared; the rest of
 * config.json, e.g. versions and dates, is recorded only). `runSearch` and `trainArchitecture` call it
 * themselves; call it too to refuse a mismatched resume before expensive preparation.
 *
 * @throws RunMismatchError `<file>: this run folder was started with <field> = <saved>; now <given>. Resume with
 *   the same inputs, or use a new --out`.
 * @example
 * const saved = await readRunConfig(path);
 * if (saved !== null) assertSameRunInputs(path, saved, { search: config, inputs });
 */
export function assertSameRunInputs(file: string, saved: Record<string, unknown>, given: Record<string, unknown>): void {
  const asJson = JSON.parse(JSON.stringify(given)) as Record<string, unknown>;
  const picked = Object.fromEntries(Object.keys(given).map((key) => [key, saved[key]]));
  const difference = firstDifference(picked, asJson);
  if (difference) throw new RunMismatchError(file, difference);
}

/**
 * Rewrites a JSON-lines log (atomically) to hold exactly `records` — the logs of the checkpointed epochs — and
 * says what was dropped: lines written after the last checkpoint, or a torn last line.
 */
export async function resetLog(path: string, records: readonly { epoch: number }[], say: (message: string) => void): Promise<void> {
  if (existsSync(path)) {
    const last = records.length === 0 ? -1 : records[records.length - 1]!.epoch;
    try {
      const found = await readJsonLines<{ epoch?: number }>(path);
      const later = found.records.filter((record) => typeof record.epoch === 'number' && record.epoch > last).length;
      if (later > 0) say(`${path}: dropped ${later} line${later === 1 ? '' : 's'} written after the last checkpoint`);
      if (found.tornLastLine) say(`${path}: dropped a torn last line (the process writing it was killed)`);
    } catch (error) {
      say(`${(error as Error).message}; rewritten from the checkpoint`);
    }
  }
  await writeTextAtomic(path, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
}
