// Issue 9: every package README's first example runs as written. For each packages/*/README.md this takes the
// first ts/js code block and
// - type-checks it with tsc against the built packages' declarations, as a strict NodeNext project would;
// - compiles it (types stripped, nothing bundled) into .tmp/ of this package, so that its `@fbnas/*` imports
//   resolve to the *built* packages through node_modules as in a user's project, and runs it with `node` in a
//   child process whose working folder is a fresh temporary folder (files it writes, such as runs/, land there).
// nx builds the packages first (this project's `test` target depends on `^build`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstExample, isTypeScript } from './code-block';
import { compileExample, importedWorkspacePackages, runNode } from './run-example';
import { typecheckExamples } from './typecheck-examples';

const toolRoot = fileURLToPath(new URL('..', import.meta.url));
const repositoryRoot = join(toolRoot, '..', '..');

/** READMEs whose first example is not run here, with the reason (none today; packages/zoo also runs every block of its README in its own tests). */
const NOT_RUN: Readonly<Record<string, string>> = {};

/** Files a user of an example would have, put in its working folder: file name → path from the repository root. */
const FILES_PROVIDED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // "Any torch.save() file": a training checkpoint written by PyTorch 1.13 (see packages/torch-checkpoint/fixtures).
  'torch-checkpoint': { 'checkpoint.pth': 'packages/torch-checkpoint/src/__fixtures__/training-checkpoint.zip.pth' },
};

/** Per example. The slowest, packages/train's (a latency table and a 2-epoch search), takes 15–30 s on 2 busy cores. */
const TIME_LIMIT_MS = 150_000;

const packagesRoot = join(repositoryRoot, 'packages');
const readmes = readdirSync(packagesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(packagesRoot, entry.name, 'README.md')))
  .map((entry) => {
    const path = join(packagesRoot, entry.name, 'README.md');
    return { name: entry.name, path, label: `packages/${entry.name}/README.md`, block: firstExample(readFileSync(path, 'utf8')) };
  })
  .sort((left, right) => left.name.localeCompare(right.name));
const tested = readmes.filter((readme) => readme.block && !(readme.name in NOT_RUN));
const dependencies = Object.keys(
  (JSON.parse(readFileSync(join(toolRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies,
);

/** A user's environment: this test runner's own variables removed, the weights cache ($FBNAS_HOME) moved aside. */
function userEnvironment(folder: string): NodeJS.ProcessEnv {
  const own = (key: string) => key.startsWith('VITEST') || key === 'NODE_ENV' || key === 'TEST';
  const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !own(key)));
  return { ...environment, FBNAS_HOME: join(folder, '.fbnas-home') };
}

/** The last `count` lines of a text, each cut to 300 characters (wasm glue code prints whole minified lines). */
function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .slice(-count)
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
    .join('\n');
}

describe('package READMEs', () => {
  it('are found', () => {
    expect(readmes.map((readme) => readme.name)).toContain('core');
    expect(Object.keys(NOT_RUN).filter((name) => !readmes.some((readme) => readme.name === name))).toEqual([]);
  });

  it('each have a TypeScript or JavaScript example (or a reason in NOT_RUN)', () => {
    const without = readmes.filter((readme) => !readme.block && !(readme.name in NOT_RUN)).map((readme) => readme.label);
    expect(without, 'READMEs without a ts/js code block').toEqual([]);
  });

  it('import only packages this test depends on', () => {
    const missing = tested.flatMap((readme) =>
      importedWorkspacePackages(readme.block?.code ?? '')
        .filter((name) => !dependencies.includes(name))
        .map((name) => `${readme.label} imports ${name}: add it to tools/readme-examples/package.json`),
    );
    expect(missing).toEqual([]);
  });

  it('first examples type-check against the built packages (strict, NodeNext)', { timeout: 150_000 }, async () => {
    const sources = tested.flatMap(({ name, label, block }) => (block && isTypeScript(block) ? [{ name, label, block }] : []));
    expect(await typecheckExamples(sources, join(toolRoot, '.tmp', 'typecheck'))).toBe('');
  });

  for (const { name, path, label, block } of readmes) {
    it.skipIf(!block || name in NOT_RUN)(`${name}: the first example runs as written`, { timeout: TIME_LIMIT_MS + 30_000 }, async () => {
      if (!block) return;
      const compiled = join(toolRoot, '.tmp', 'run', `${name}.mjs`);
      await compileExample(block, path, compiled);
      const folder = await mkdtemp(join(tmpdir(), `fbnas-readme-${name}-`));
      for (const [file, source] of Object.entries(FILES_PROVIDED[name] ?? {})) {
        await copyFile(join(repositoryRoot, source), join(folder, file));
      }
      const run = await runNode(['--enable-source-maps', compiled], {
        cwd: folder,
        env: userEnvironment(folder),
        timeoutMs: TIME_LIMIT_MS,
      });
      const ending = run.timedOut ? `was killed after ${TIME_LIMIT_MS / 1000} s` : `exited with ${run.exitCode ?? run.signal}`;
      expect(run.exitCode, `${label}:${block.line}: the example ${ending} (in ${folder}). Its output:\n${lastLines(run.output, 60)}`).toBe(0);
      await rm(folder, { recursive: true, force: true });
      console.log(`${label}:${block.line}: ${run.seconds.toFixed(1)} s`);
    });
  }
});
