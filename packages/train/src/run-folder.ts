/**
 * What `runSearch`, `trainArchitecture` and the other runs with a run folder share about it: holding the lock,
 * comparing the inputs saved in `config.json` with the given ones (and writing them on a new run), and bringing a
 * JSON-lines log back to the last checkpoint.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isPlainObject } from '@fbnas/core';
import { firstDifference } from './first-difference';
import { RunMismatchError } from './run-errors';
import { readJson, readJsonLines, writeJsonAtomic, writeTextAtomic } from './run-files';
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
 * `defaults` names inputs added after run folders were first written, each with the value a folder written before
 * it ran with (nested like `given`): a saved config.json that lacks such a field compares as if it held the default,
 * so an older folder resumes under the default and is refused under any other value.
 *
 * @throws RunMismatchError `<file>: this run folder was started with <field> = <saved>; now <given>. Resume with
 *   the same inputs, or use a new --out`.
 * @example
 * const saved = await readRunConfig(path);
 * if (saved !== null) assertSameRunInputs(path, saved, { search: config, inputs });
 * // an input added later, at its default 0 in older folders:
 * assertSameRunInputs(path, saved, { search: config }, { search: { uniformMix: 0 } });
 */
export function assertSameRunInputs(
  file: string, saved: Record<string, unknown>, given: Record<string, unknown>, defaults: Record<string, unknown> = {},
): void {
  const asJson = JSON.parse(JSON.stringify(given)) as Record<string, unknown>;
  const filled = withDefaults(saved, defaults) as Record<string, unknown>;
  const picked = Object.fromEntries(Object.keys(given).map((key) => [key, filled[key]]));
  const difference = firstDifference(picked, asJson);
  if (difference) throw new RunMismatchError(file, difference);
}

/** `saved` with every field of `defaults` it lacks (recursively into objects both have) filled in. Pure. */
function withDefaults(saved: unknown, defaults: unknown): unknown {
  if (saved === undefined) return defaults;
  if (!isPlainObject(saved) || !isPlainObject(defaults)) return saved;
  const filled: Record<string, unknown> = { ...saved };
  for (const [key, value] of Object.entries(defaults)) filled[key] = withDefaults(saved[key], value);
  return filled;
}

/** How `openRunConfig` treats a run folder's `config.json`. */
export interface OpenRunConfigOptions {
  /**
   * Fields written beside the determining inputs on a new run and never compared on a resumed one: what describes
   * the run for its readers (versions, dates, a layout's blocks…). On a key both have, `extra`'s value is written.
   */
  readonly extra?: Record<string, unknown> | undefined;
  /**
   * When config.json is written on a new run: `'now'` (the default) before `openRunConfig` returns; `'later'` when
   * the returned `write()` is called, e.g. once the run's own preparation has succeeded, so that a run failing in it
   * leaves no config.json behind; `'never'` for a caller that only checks, the run it starts writing the file.
   */
  readonly write?: 'now' | 'later' | 'never';
  /** Starting over (e.g. `--force`): the saved config.json is neither read nor compared, and is overwritten. */
  readonly startOver?: boolean;
  /**
   * Determining inputs added after run folders were first written, nested like `determining`, each with the value
   * older folders ran with: a saved config.json lacking one compares as if it held it (`assertSameRunInputs`).
   */
  readonly defaults?: Record<string, unknown> | undefined;
}

/** What `openRunConfig` found in a run folder's `config.json`. */
export interface OpenedRunConfig {
  /** The saved config.json of a resumed run (checked to hold the same determining inputs), or null on a new run. */
  readonly saved: Record<string, unknown> | null;
  /**
   * With `write: 'later'`, writes config.json (atomically) on a new run; does nothing on a resumed one, or with
   * another `write`.
   */
  write(): Promise<void>;
}

/**
 * Opens the `config.json` of a run folder: on a resumed run (the file exists) checks, with `assertSameRunInputs`,
 * that it was started with the same `determining` inputs; on a new one writes `{ ...determining, ...extra }` to it
 * atomically (when, says `options.write`).
 *
 * @throws Error naming the file when the saved config.json is not valid JSON.
 * @throws RunMismatchError `<file>: this run folder was started with <field> = <saved>; now <given>. Resume with
 *   the same inputs, or use a new --out`.
 * @example
 * await openRunConfig('runs/a/config.json', { search: config, inputs }, { extra: { version } });
 * // check first, write once the run's preparation has succeeded:
 * const opened = await openRunConfig(path, determining, { write: 'later' });
 * await opened.write();
 */
export async function openRunConfig(
  path: string, determining: Record<string, unknown>, options: OpenRunConfigOptions = {},
): Promise<OpenedRunConfig> {
  const saved = options.startOver ? null : await readRunConfig(path);
  if (saved !== null) assertSameRunInputs(path, saved, determining, options.defaults);
  const write = async (): Promise<void> => {
    if (saved === null) await writeJsonAtomic(path, { ...determining, ...options.extra });
  };
  const when = options.write ?? 'now';
  if (when === 'now') await write();
  return { saved, write: when === 'later' ? write : async () => undefined };
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
