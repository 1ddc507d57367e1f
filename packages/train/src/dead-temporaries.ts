/**
 * Cleans what dead processes left in a run folder (recursively: checkpoint and model folders included), run when
 * the folder's lock is taken:
 *
 * | name | written by | when its pid is dead |
 * | --- | --- | --- |
 * | `<name>.tmp-<pid>` | `writeJsonAtomic`, `saveNamedTensors` | removed |
 * | `<name>.previous-<pid>` | `saveNamedTensors` (the old checkpoint, mid-swap) | moved back to `<name>` if that is missing, else removed |
 * | `.<name>.tmp-<pid>-<ms>` | `@fbnas/ops` `fileSystemIO` | removed |
 * | `.<name>.tmp-<pid>-<ms>-previous` | `fileSystemIO` (the old model, mid-swap) | moved back to `<name>` if that is missing, else removed |
 *
 * Temporaries of live processes (this one included) are left alone.
 */
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { processIsAlive } from './process-alive';

/** What `removeDeadTemporaries` did (paths). */
export interface RemovedTemporaries {
  removed: string[];
  /** Old checkpoints or models moved back to their place (a swap interrupted between its two renames). */
  restored: string[];
}

const PATTERNS: { pattern: RegExp; restore: boolean }[] = [
  { pattern: /^(.+)\.tmp-(\d+)$/, restore: false },
  { pattern: /^(.+)\.previous-(\d+)$/, restore: true },
  { pattern: /^\.(.+)\.tmp-(\d+)-\d+$/, restore: false },
  { pattern: /^\.(.+)\.tmp-(\d+)-\d+-previous$/, restore: true },
];

/** Folders deeper than this below the run folder are not searched. */
const MAX_DEPTH = 6;

/**
 * Removes (or restores, see the module comment) the temporaries of dead processes under `folder`.
 *
 * @example
 * const { removed, restored } = await removeDeadTemporaries('runs/a');
 */
export async function removeDeadTemporaries(folder: string): Promise<RemovedTemporaries> {
  const result: RemovedTemporaries = { removed: [], restored: [] };
  await visit(folder, 0, result);
  return result;
}

async function visit(folder: string, depth: number, result: RemovedTemporaries): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(folder, entry.name);
    const match = PATTERNS.map(({ pattern, restore }) => ({ found: pattern.exec(entry.name), restore })).find(({ found }) => found !== null);
    if (match?.found) {
      if (processIsAlive(Number(match.found[2]))) continue;
      const original = join(folder, match.found[1]!);
      if (match.restore && !existsSync(original)) {
        await rename(path, original);
        result.restored.push(original);
      } else {
        await rm(path, { recursive: true, force: true });
        result.removed.push(path);
      }
    } else if (entry.isDirectory() && depth < MAX_DEPTH) {
      await visit(path, depth + 1, result);
    }
  }
}
