import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirectory } from './make-directory';

const root = mkdtempSync(join(tmpdir(), 'fbnas-mkdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makeDirectory', () => {
  it('creates missing parents and accepts an existing folder', async () => {
    await makeDirectory(join(root, 'a', 'b', 'c'));
    expect(existsSync(join(root, 'a', 'b', 'c'))).toBe(true);
    await makeDirectory(join(root, 'a', 'b'));
  });

  it('names a file in the way', async () => {
    writeFileSync(join(root, 'file'), '');
    await expect(makeDirectory(join(root, 'file', 'x'))).rejects.toThrow(`${join(root, 'file')} is not a folder`);
  });

  it.runIf(existsSync('/proc/self'))('fails at once under /proc, where recursive mkdir spins forever', async () => {
    // A spin would hit the test's timeout (a hang guard, not a speed check).
    await expect(makeDirectory('/proc/fbnas-test/run')).rejects.toThrow(/cannot create the folder \/proc\/fbnas-test \(ENOENT/);
  }, 30_000);
});
