/**
 * The exclusive lock of a run folder: `<folder>/.lock`, created with O_EXCL, holding
 * `{"pid", "hostname", "started", "token"}`. A second process on the same folder fails at once with
 * `RunLockedError`, naming the holder. A lock left by a dead process (same host, `kill(pid, 0)` fails with
 * ESRCH) — or an unreadable lock file older than 10 s — is stale and taken over. Locks are per process and not
 * reentrant: `acquireRunLock` on a folder this process already holds fails too, so code that holds a lock
 * passes it on (`runSearch({ lock })`, `trainArchitecture({ lock })`).
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { makeDirectory } from './make-directory';
import { removeDeadTemporaries, type RemovedTemporaries } from './dead-temporaries';
import { processIsAlive } from './process-alive';

/** What a lock file holds. */
export interface RunLockHolder {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder's machine. */
  hostname: string;
  /** When the lock was taken (ISO 8601). */
  started: string;
  /** Random id of this lock (tells a lock from a later one of the same pid). */
  token: string;
}

/** A held run-folder lock. */
export interface RunLock {
  /** The locked folder, absolute. */
  readonly folder: string;
  /** The lock file, `<folder>/.lock`. */
  readonly path: string;
  /** This process's entry in the lock file. */
  readonly holder: RunLockHolder;
  /** Temporaries of dead processes removed (or restored) when the lock was taken. */
  readonly cleaned: RemovedTemporaries;
  /** Removes the lock file (if it is still this lock's). Idempotent. */
  release(): Promise<void>;
}

/** Thrown by `acquireRunLock` when another live process (or this one) holds the folder. */
export class RunLockedError extends Error {
  /** The folder, as given. */
  readonly folder: string;
  /** The lock file. */
  readonly lockPath: string;
  /** The holder, or null when the lock file is still being written. */
  readonly holder: RunLockHolder | null;

  constructor(folder: string, lockPath: string, holder: RunLockHolder | null) {
    const who = holder === null
      ? 'another fbnas process (its lock file is being written)'
      : `fbnas process ${holder.pid}${holder.hostname === hostname() ? '' : ` on ${holder.hostname}`} since ${holder.started}`;
    super(`${folder} is in use by ${who} (lock ${lockPath}); wait for it to finish or use another --out`);
    this.name = 'RunLockedError';
    this.folder = folder;
    this.lockPath = lockPath;
    this.holder = holder;
  }
}

/** An unreadable lock file older than this is a leftover of a crash between its creation and its first write. */
const UNREADABLE_STALE_MS = 10_000;

/**
 * Takes the exclusive lock of run folder `folder` (created if missing), then removes the temporaries that dead
 * processes left in it (`dead-temporaries.ts`). Release it with `lock.release()` in a `finally`.
 *
 * @throws RunLockedError when a live process holds the folder: `<folder> is in use by fbnas process <pid> since
 *   <iso time> (lock <folder>/.lock); wait for it to finish or use another --out`.
 * @example
 * const lock = await acquireRunLock('runs/a');
 * try { await runSearch({ ...options, runFolder: 'runs/a', lock }); } finally { await lock.release(); }
 */
export async function acquireRunLock(folder: string): Promise<RunLock> {
  await makeDirectory(folder);
  const path = join(folder, '.lock');
  const holder: RunLockHolder = { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const text = `${JSON.stringify(holder)}\n`;
  for (let attempt = 0; ; attempt++) {
    if (await createExclusive(path, text)) break;
    const existing = await readLock(path);
    if (existing === null) continue; // released meanwhile: try again
    if (!isStale(existing) || attempt >= 5) throw new RunLockedError(folder, path, existing.holder);
    await takeOver(path, existing.text);
  }
  let released = false;
  const lock: RunLock = {
    folder: resolve(folder),
    path,
    holder,
    cleaned: { removed: [], restored: [] },
    async release() {
      if (released) return;
      released = true;
      const current = await readLock(path);
      if (current?.holder?.token === holder.token) await unlink(path).catch(() => undefined);
    },
  };
  try {
    return { ...lock, cleaned: await removeDeadTemporaries(folder) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Creates `path` with O_EXCL holding `text`; false when it exists. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`${path}: cannot create the run lock (${(error as Error).message})`);
  }
  try {
    await handle.writeFile(text);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw new Error(`${path}: cannot write the run lock (${(error as Error).message})`);
  }
  await handle.close();
  return true;
}

interface ExistingLock {
  text: string;
  holder: RunLockHolder | null;
  ageMs: number;
}

/** The lock file's content, parsed when possible; null when there is none. */
async function readLock(path: string): Promise<ExistingLock | null> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let holder: RunLockHolder | null = null;
    try {
      const parsed = JSON.parse(text) as Partial<RunLockHolder>;
      if (Number.isSafeInteger(parsed.pid) && parsed.pid! > 0 && typeof parsed.hostname === 'string') {
        holder = { pid: parsed.pid!, hostname: parsed.hostname, started: String(parsed.started), token: String(parsed.token ?? '') };
      }
    } catch {
      holder = null;
    }
    return { text, holder, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${path}: cannot read the run lock (${(error as Error).message})`);
  }
}

function isStale(existing: ExistingLock): boolean {
  if (existing.holder === null) return existing.ageMs > UNREADABLE_STALE_MS;
  return existing.holder.hostname === hostname() && !processIsAlive(existing.holder.pid);
}

/**
 * Removes the stale lock whose content is `staleText`: moves it aside first and checks that what it moved is
 * that lock; if another process took the folder in between, its lock is put back.
 */
async function takeOver(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== staleText) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}
