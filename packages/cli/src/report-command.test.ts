import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `fbnas report`, and the report `fbnas search` and `fbnas demo` write at the end, with the built CLI in child
// processes. The run folders are @fbnas/report's fixtures (made with this CLI).
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../../report/src/__fixtures__/${name}`, import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'fbnas-report-command-'));
const at = (...parts: string[]) => join(root, ...parts);

afterAll(() => rmSync(root, { recursive: true, force: true }));

function fbnas(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, FBNAS_HOME: at('home') }, timeout: 300_000 });
}

/** `fbnas` without blocking: several runs at once. */
function fbnasAsync(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [bin, ...args], { cwd: root, env: { ...process.env, FBNAS_HOME: at('home') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('fbnas report', () => {
  it.each(['dnas-search', 'experiment'])('writes the report of the %s fixture and prints its path', (name) => {
    cpSync(fixture(name), at(name), { recursive: true });
    const result = fbnas(['report', at(name)]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${at(name, 'report.html')}\n`);
    const html = readFileSync(at(name, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg');
  });

  it('writes to --out (creating its folder) and prints JSON with --json', () => {
    cpSync(fixture('train'), at('train-out'), { recursive: true });
    const result = fbnas(['report', at('train-out'), '--out', at('pages', 'train.html'), '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ path: at('pages', 'train.html'), kind: 'train', figures: 4 });
    expect(existsSync(at('pages', 'train.html'))).toBe(true);
  });

  it('names what a run folder holds when given another folder (exit 1), and needs RUN_DIR (exit 2)', () => {
    mkdirSync(at('empty'));
    const notRun = fbnas(['report', at('empty')]);
    expect(notRun.status).toBe(1);
    expect(notRun.stderr).toMatch(/not a run folder: expected config\.json with "search" and log\.jsonl \(search\).*experiment\.json \(experiment\)/);
    const missing = fbnas(['report']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/fbnas report: missing RUN_DIR/);
  });
});

describe('fbnas search and fbnas demo write the report at the end', () => {
  it('prints its path as the last line (DNAS, DMaskingNAS, demo)', async () => {
    const runs = await Promise.all([
      fbnasAsync(['search', '--space', 'fbnet-micro-28', '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--cost', 'macs', '--samples', '1', '--out', at('search')]),
      fbnasAsync(['search', '--space', 'fbnetv2-micro-28', '--target-macs', '600000', '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--out', at('mask')]),
      fbnasAsync(['demo', '--epochs', '2', '--train-epochs', '1', '--train-images', '64', '--repeats', '2', '--out', at('demo')]),
    ]);
    for (const [run, folder, kind] of [[runs[0]!, 'search', 'DNAS search'], [runs[1]!, 'mask', 'DMaskingNAS search'], [runs[2]!, 'demo', 'fbnas demo']] as const) {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`report: ${at(folder, 'report.html')}`);
      expect(readFileSync(at(folder, 'report.html'), 'utf8')).toContain(`<h1>${kind}`);
    }
  });
});
