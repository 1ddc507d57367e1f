/**
 * The contributed ops from the command line, as a user outside the repository runs fbnas: the built CLI in a
 * child process with `--ops ./src/my-ops.js` and `--space` files whose candidates use them — a DNAS search, the
 * retraining of its architecture, a latency table, and a DMaskingNAS search over widths and expansions.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = fileURLToPath(new URL('../node_modules/@fbnas/cli/bin/fbnas.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'fbnas-contributed-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fbnas(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd: join(here, '..'), env: { ...process.env, FBNAS_HOME: join(root, 'home') }, timeout: 300_000 });
}
function ok(args: readonly string[]): unknown {
  const result = fbnas(args);
  expect(result.status, `${result.stderr}\n${result.stdout}`).toBe(0);
  return JSON.parse(result.stdout);
}
const ops = './src/my-ops.js';
const blockOps = (architecture: { stages: unknown[][][] }) => architecture.stages.flat().map((block) => block[0] as string);

describe('fbnas with the contributed ops', () => {
  it('search (DNAS) over a space of them, then train retrains the searched architecture', () => {
    const search = ok([
      'search', '--space', './src/my-space.json', '--ops', ops, '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--cost', 'macs',
      '--samples', '1', '--out', join(root, 'search'), '--json',
    ]) as { architectures: unknown[] };
    expect(search.architectures.length).toBeGreaterThan(0);
    const architecture = JSON.parse(readFileSync(join(root, 'search', 'architecture.json'), 'utf8'));
    for (const op of blockOps(architecture).slice(1, 3)) expect(['ghost', 'ghost_k5', 'ir7', 'ir_k3', 'skip']).toContain(op);
    const trained = ok([
      'train', '--arch', join(root, 'search', 'architecture.json'), '--ops', ops, '--epochs', '1', '--train-images', '64', '--out', join(root, 'train'), '--json',
    ]) as { testAccuracy: number };
    expect(trained.testAccuracy).toBeGreaterThanOrEqual(0);
  });

  it('latency build measures them under their own keys', () => {
    ok(['latency', 'build', '--space', './src/my-space.json', '--ops', ops, '--repeats', '2', '--out', join(root, 'my.lut.json'), '--json']);
    const table = JSON.parse(readFileSync(join(root, 'my.lut.json'), 'utf8')) as { layers: Record<string, Record<string, { key: string }>> };
    expect(table.layers.c16_0!.ghost!.key).toBe('ghost-in:14x14x8-out:7x7x16-e:2-k:3-s:2-act:relu');
    expect(table.layers.c24_0!.ir7_e3!.key).toMatch(/^ir7-in:7x7x16-out:7x7x24-e:3-s:1/);
  });

  it('search (DMaskingNAS) over their widths and expansions to a MAC budget', () => {
    const search = ok([
      'search', '--space', './src/my-mask-space.json', '--ops', ops, '--epochs', '2', '--train-images', '64', '--batch-size', '32',
      '--target-macs', '300000', '--out', join(root, 'mask-search'), '--json',
    ]) as Record<string, unknown>;
    expect(search).toBeTypeOf('object');
    const architecture = JSON.parse(readFileSync(join(root, 'mask-search', 'architecture.json'), 'utf8'));
    for (const op of blockOps(architecture).slice(1, 4)) expect(['ghost', 'ir7', 'skip']).toContain(op);
  });
});
