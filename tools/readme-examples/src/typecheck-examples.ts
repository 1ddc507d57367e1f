import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CodeBlock } from './code-block';
import { runNode } from './run-example';

/** A README example to type-check. */
export interface ExampleSource {
  /** Package folder name (`core`); the file is `<name>.mts`. */
  readonly name: string;
  /** How errors name it, e.g. `packages/core/README.md`. */
  readonly label: string;
  readonly block: CodeBlock;
}

/** The compiler options of a user's ESM project on Node: strict, NodeNext resolution (package `exports`, `types`). */
const USER_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022'],
  types: ['node'],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

/**
 * Type-checks TypeScript examples with `tsc` against the packages' published type declarations: each block is
 * written to `<folder>/<name>.mts`, shifted down to its line in the README, and compiled as one strict NodeNext
 * project. Returns tsc's diagnostics with each file named by its label (`packages/core/README.md(12,7): error …`);
 * empty when every example compiles. `folder` must resolve the packages (lie inside a package that depends on them).
 *
 * @example
 * const errors = await typecheckExamples([{ name: 'core', label: 'packages/core/README.md', block }], '/abs/.tmp/typecheck');
 */
export async function typecheckExamples(examples: readonly ExampleSource[], folder: string): Promise<string> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const { name, block } of examples) await writeFile(join(folder, `${name}.mts`), '\n'.repeat(block.line) + block.code);
  const files = examples.map(({ name }) => `${name}.mts`);
  await writeFile(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: USER_COMPILER_OPTIONS, files }, null, 2));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = await runNode([tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: folder, env: process.env, timeoutMs: 120_000 });
  if (run.exitCode === 0) return '';
  let output = run.output.trim() || `tsc exited with ${run.exitCode ?? run.signal}`;
  for (const { name, label } of examples) output = output.replaceAll(`${name}.mts(`, `${label}(`);
  return output;
}
