import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One recorded download: the URL and the sha256 seen the first time it was fetched. */
export interface RecordedChecksum {
  url: string;
  sha256: string;
  bytes: number;
  recordedAt: string;
}

/**
 * Trust-on-first-use checksums for zoo weights whose manifest has no sha256: the first download's hash is
 * recorded in `<home>/zoo/checksums.json` (written atomically) and every later download of the same URL must
 * match it. Entries are keyed by URL (older files keyed them by model name; `lookup` finds both by URL), so a
 * user's manifest naming a built-in model with another URL does not collide with the built-in record.
 */
export class ChecksumStore {
  constructor(private readonly path: string) {}

  /** All recorded checksums, by model name. */
  async read(): Promise<Record<string, RecordedChecksum>> {
    if (!existsSync(this.path)) return {};
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, RecordedChecksum>;
    } catch (error) {
      throw new Error(`${this.path}: not a valid checksum file (${(error as Error).message}); fix or delete it`);
    }
  }

  /** The checksum recorded for `url`, if any. */
  async lookup(url: string): Promise<RecordedChecksum | undefined> {
    const all = await this.read();
    return all[url]?.url === url ? all[url] : Object.values(all).find((entry) => entry?.url === url);
  }

  /** Records `entry` under `key` (its URL; replacing nothing silently: callers `lookup` first). */
  async record(key: string, entry: RecordedChecksum): Promise<void> {
    const all = await this.read();
    all[key] = entry;
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp-${process.pid}`;
    await writeFile(temporary, `${JSON.stringify(all, null, 2)}\n`);
    await rename(temporary, this.path);
  }
}
