import { join } from 'node:path';
import { acquireRunLock, openRunConfig, type RunLock } from '@fbnas/train';

/**
 * Runs `work` holding the exclusive lock of `folder`, after checking — before any expensive or written work —
 * that a folder being resumed was started with the same `given` fields (e.g. `{ search: config, inputs }`) in
 * its `config.json`. The lock is released when `work` ends or throws.
 *
 * @throws RunLockedError when another process holds the folder; RunMismatchError naming the first differing field.
 */
export async function withRunFolder<T>(folder: string, given: Record<string, unknown>, work: (lock: RunLock) => Promise<T>): Promise<T> {
  const lock = await acquireRunLock(folder);
  try {
    // Only checked here: on a new run, the run that `work` starts writes config.json (with its own extra fields).
    await openRunConfig(join(folder, 'config.json'), given, { write: 'never' });
    return await work(lock);
  } finally {
    await lock.release();
  }
}
