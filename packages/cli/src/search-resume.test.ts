import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// These tests run the built CLI (packages/cli/bin/fbnas.mjs → dist) in child processes, so that a search can be
// killed with SIGKILL mid-epoch exactly as a user's would be.
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const folders: string[] = [];
const folder = () => {
  const f = mkdtempSync(join(tmpdir(), 'fbnas-cli-search-'));
  folders.push(f);
  return f;
};
const args = (out: string) => [
  bin, 'search', '--space', 'fbnet-micro-28', '--data', 'embedded', '--train-images', '500', '--epochs', '3',
  '--batch-size', '32', '--cost', 'macs', '--samples', '2', '--out', out, // the default seed, 0
];
const theta = (out: string) => JSON.parse(readFileSync(join(out, 'search-result.json'), 'utf8')).theta as number[][];

afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('fbnas search (built CLI, child processes)', () => {
  it('resumes a SIGKILLed search to the same final θ as an uninterrupted run', async () => {
    const straight = join(folder(), 'run');
    const first = spawnSync('node', args(straight), { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(join(straight, 'architecture.json'))).toBe(true);

    const interrupted = join(folder(), 'run');
    const child = spawn('node', args(interrupted), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Kill during the second epoch: after epoch 1's checkpoint, before the run can finish.
        if (/epoch 1\/3/.test(stderr) && !child.killed) {
          setTimeout(() => child.kill('SIGKILL'), 300);
        }
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`not killed: exit ${code}\n${stderr}`))));
    });
    expect(existsSync(join(interrupted, 'checkpoint', 'tensors.json'))).toBe(true);
    expect(existsSync(join(interrupted, 'search-result.json'))).toBe(false);
    const resumed = spawnSync('node', args(interrupted), { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(theta(interrupted)).toEqual(theta(straight));
    const log = readFileSync(join(interrupted, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).epoch);
    expect(log).toEqual([0, 1, 2]);
  });

  it('runs the paper space as a one-step dry run and reports time and memory', () => {
    const result = spawnSync('node', [bin, 'search', '--space', 'fbnet', '--dry-run', '--batch-size', '2', '--json'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.searchableLayers).toBe(22);
    expect(report.candidateModels).toBe(22 * 9);
    expect(report.stepSeconds).toBeGreaterThan(0);
    expect(report.tensorBytes).toBeGreaterThan(0);
    expect(Number.isFinite(report.loss)).toBe(true);
  });
});
