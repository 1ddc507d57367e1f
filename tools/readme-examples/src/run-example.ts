import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { transform } from 'esbuild';
import { isTypeScript, type CodeBlock } from './code-block';

/**
 * Compiles a README's code block to an ES module at `outFile` (esbuild: types stripped, nothing bundled, so its
 * imports resolve from `outFile`'s folder with Node's own resolution, as in a user's project). The code is
 * shifted down to its line in the README and carries an inline source map naming the README, so stack traces
 * point at the README's lines.
 *
 * @example
 * await compileExample(firstExample(markdown)!, '/abs/README.md', '/abs/tools/readme-examples/.tmp/x.mjs');
 */
export async function compileExample(block: CodeBlock, readmePath: string, outFile: string): Promise<void> {
  const padded = '\n'.repeat(block.line) + block.code;
  const { code } = await transform(padded, {
    loader: isTypeScript(block) ? 'ts' : 'js',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: readmePath,
  });
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, code);
}

/** How a child `node` process ended. */
export interface NodeRun {
  /** Exit code; null when killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when it was killed for running past the time limit. */
  readonly timedOut: boolean;
  /** stdout and stderr, interleaved as they arrived. */
  readonly output: string;
  /** Wall-clock seconds. */
  readonly seconds: number;
}

/** Options of {@link runNode}. */
export interface RunNodeOptions {
  /** Working folder of the process. */
  readonly cwd: string;
  /** Its environment (whole, not merged). */
  readonly env: NodeJS.ProcessEnv;
  /** Time limit in ms, after which it is killed (SIGKILL). */
  readonly timeoutMs: number;
}

/**
 * Runs `node …args` (this Node.js) in a child process and collects its output.
 *
 * @example
 * const run = await runNode(['--enable-source-maps', '/abs/example.mjs'], { cwd: temporaryFolder, env: process.env, timeoutMs: 60_000 });
 */
export function runNode(args: readonly string[], options: RunNodeOptions): Promise<NodeRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, timedOut, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/**
 * The `@fbnas/…` packages (and subpath imports' packages) a module imports, by name.
 *
 * @example
 * importedWorkspacePackages("import { x } from '@fbnas/ops/specs';"); // ['@fbnas/ops']
 */
export function importedWorkspacePackages(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/\bfrom\s+['"](@fbnas\/[^/'"]+)[^'"]*['"]|\bimport\s*\(?\s*['"](@fbnas\/[^/'"]+)[^'"]*['"]/g)) {
    names.add(match[1] ?? match[2] ?? '');
  }
  return [...names].sort();
}
