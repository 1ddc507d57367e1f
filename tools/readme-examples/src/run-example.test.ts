import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileExample, importedWorkspacePackages, runNode } from './run-example';

const outFolder = fileURLToPath(new URL('../.tmp/run-example-test/', import.meta.url));
afterAll(() => rm(outFolder, { recursive: true, force: true }));

describe('importedWorkspacePackages', () => {
  it('names the packages of static, type-only, subpath and dynamic imports, once each', () => {
    const code = [
      "import { a } from '@fbnas/core';",
      "import type { B } from '@fbnas/core';",
      "import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';",
      "const data = await import('@fbnas/data');",
      "import * as tf from '@tensorflow/tfjs-core';",
    ].join('\n');
    expect(importedWorkspacePackages(code)).toEqual(['@fbnas/core', '@fbnas/data', '@fbnas/ops']);
  });
});

describe('compileExample and runNode', () => {
  it('strips types, runs top-level await in the given folder, and maps errors to the README line', async () => {
    const code = [
      "import { writeFile } from 'node:fs/promises';",
      'const value: number = await Promise.resolve(2);',
      "await writeFile('out.txt', String(value));",
      "console.log(process.cwd(), value);",
      "if (process.env.FAIL) throw new Error('failed here');",
    ].join('\n');
    const file = join(outFolder, 'example.mjs');
    await compileExample({ language: 'ts', code, line: 10 }, '/docs/README.md', file);
    const folder = await mkdtemp(join(tmpdir(), 'fbnas-run-example-'));
    try {
      const passed = await runNode(['--enable-source-maps', file], { cwd: folder, env: { PATH: process.env.PATH }, timeoutMs: 30_000 });
      expect(passed).toMatchObject({ exitCode: 0, timedOut: false });
      expect(passed.output.trim()).toMatch(/fbnas-run-example-\S+ 2$/);

      const failed = await runNode(['--enable-source-maps', file], { cwd: folder, env: { FAIL: '1' }, timeoutMs: 30_000 });
      expect(failed.exitCode).toBe(1);
      expect(failed.output).toContain('/docs/README.md:15');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('kills a process that runs past the limit', async () => {
    const file = join(outFolder, 'forever.mjs');
    await compileExample({ language: 'js', code: 'setInterval(() => {}, 1000);\n', line: 1 }, '/docs/README.md', file);
    const run = await runNode([file], { cwd: outFolder, env: {}, timeoutMs: 300 });
    expect(run).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: true });
  });
});
