/**
 * Files of run folders: atomic JSON (temporary `<path>.tmp-<pid>` + rename; the temporary is removed when the
 * write fails, and temporaries of dead processes are removed when the folder's lock is taken, see
 * `dead-temporaries.ts`) and JSON-lines logs whose lines are each written whole, with one write.
 */
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirectory } from './make-directory';

/**
 * Writes `text` to `path` through `<path>.tmp-<pid>` and a rename, so `path` is either the old file or the new
 * one, never half of one. When the write fails (e.g. ENOSPC), the temporary file is removed and the error rethrown.
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await makeDirectory(dirname(path));
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes `value` as pretty JSON to `path` atomically (see `writeTextAtomic`: never a half-written file, no
 * temporary left behind when the write fails).
 *
 * @example
 * await writeJsonAtomic('runs/a/search-result.json', result);
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeTextAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Appends `value` as one JSON line to a JSON-lines log with a single write. A write that fails or stops short
 * (e.g. a full disk) is undone by truncating the file back to its previous length, so the log never ends in
 * part of a line written by this call (a process killed mid-write can still leave one: `readJsonLines` drops it).
 */
export async function appendJsonLine(path: string, value: unknown): Promise<void> {
  await makeDirectory(dirname(path));
  const line = Buffer.from(`${JSON.stringify(value)}\n`);
  const handle = await open(path, 'a');
  try {
    const { size } = await handle.stat();
    try {
      const { bytesWritten } = await handle.write(line, 0, line.length, null);
      if (bytesWritten !== line.length) throw new Error(`${path}: wrote ${bytesWritten} of the ${line.length} bytes of a log line`);
    } catch (error) {
      await handle.truncate(size).catch(() => undefined);
      throw error;
    }
  } finally {
    await handle.close();
  }
}

/** What `readJsonLines` read: the complete records, and whether a torn last line was dropped. */
export interface JsonLines<T> {
  records: T[];
  /** True when the file ended in an incomplete line (no newline, or not valid JSON), which was dropped. */
  tornLastLine: boolean;
}

/**
 * Reads a JSON-lines log: every complete line as a record. A torn last line (a process killed mid-write) is
 * dropped and reported through `tornLastLine`; blank lines are skipped.
 *
 * @throws Error naming the file when it cannot be read, and the file and line when a line before the last is not
 *   valid JSON (the log was damaged, not just cut short).
 * @example
 * const { records, tornLastLine } = await readJsonLines<SearchEpochLog>('runs/a/log.jsonl');
 */
export async function readJsonLines<T>(path: string): Promise<JsonLines<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read (${(error as Error).message})`);
  }
  const lines = text.split('\n');
  // The piece after the last newline is '' for a complete file, or the start of a line cut short.
  let tornLastLine = lines.pop() !== '';
  const records: T[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      if (index === lines.length - 1 && tornLastLine === false) {
        tornLastLine = true;
        return;
      }
      throw new Error(`${path}:${index + 1}: not a valid JSON line (${(error as Error).message})`);
    }
  });
  return { records, tornLastLine };
}

/** Reads a JSON file, naming it in the error when it is missing or malformed. */
export async function readJson<T>(path: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
}
