import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Creates folder `path` and its missing parents, one level at a time. Unlike `mkdir(path, { recursive: true })`,
 * which spins forever where the kernel answers ENOENT for a parent that exists (e.g. `/proc/x` on Linux), it
 * fails at once, naming the folder it could not create.
 *
 * @throws Error `cannot create the folder /proc/x (ENOENT: …)`, or `… is not a folder` when a file is in the way.
 * @example
 * await makeDirectory('runs/search-1/checkpoint');
 */
export async function makeDirectory(path: string): Promise<void> {
  const missing: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw new Error(`cannot create the folder ${path} (${error.code}: ${error.message})`, { cause: error });
    });
    if (found !== null) {
      if (!found.isDirectory()) throw new Error(`cannot create the folder ${path}: ${current} is not a folder`);
      break;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw new Error(`cannot create the folder ${folder} (${error.code}: ${error.message})`, { cause: error });
    });
  }
}
