import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countArch } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { afterAll, describe, expect, it } from 'vitest';

// The built CLI in child processes, as users run it (and so that a search can be SIGKILLed mid-epoch).
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const folders: string[] = [];
const folder = () => {
  const f = mkdtempSync(join(tmpdir(), 'fbnas-cli-mask-'));
  folders.push(f);
  return f;
};
const args = (out: string) => [
  bin, 'search', '--space', 'fbnetv2-micro-28', '--data', 'embedded', '--train-images', '320', '--epochs', '3',
  '--batch-size', '32', '--target-macs', '600000', '--seed', '3', '--out', out,
];
const theta = (out: string) => JSON.parse(readFileSync(join(out, 'search-result.json'), 'utf8')).theta as number[][];

afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('fbnas search on a DMaskingNAS space (built CLI)', () => {
  it('searches toward a MAC target, resumes a SIGKILLed run to the same θ, and derives an architecture that retrains', async () => {
    const straight = join(folder(), 'run');
    const first = spawnSync('node', args(straight), { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/argmax [\d.]+ M \(target 0\.600 M\)/);
    const derived = JSON.parse(readFileSync(join(straight, 'derived.json'), 'utf8'));
    const architecture = JSON.parse(readFileSync(join(straight, 'architecture.json'), 'utf8'));
    expect(derived.macs).toBe(countArch(architecture, createBuiltinOpSpecRegistry()).macs);
    expect(derived.targetError).toBeCloseTo(derived.macs / 600000 - 1, 10);
    const log = readFileSync(join(straight, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => l.epoch)).toEqual([0, 1, 2]);
    expect(log[2].annotations.argmaxMacs).toBe(derived.macs);
    const config = JSON.parse(readFileSync(join(straight, 'config.json'), 'utf8'));
    expect(config.search.loss).toEqual({ kind: 'budget', lambda: 10, target: 600000 });
    expect(config.search.architectureSchedule).toBe('cosine');
    expect(config.kind).toBe('dmasking');

    const interrupted = join(folder(), 'run');
    const child = spawn('node', args(interrupted), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/epoch 1\/3/.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGKILL'), 300);
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`not killed: exit ${code}\n${stderr}`))));
    });
    expect(existsSync(join(interrupted, 'search-result.json'))).toBe(false);
    const resumed = spawnSync('node', args(interrupted), { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(theta(interrupted)).toEqual(theta(straight));

    // The derived architecture retrains without masks, at its searched resolution (data subsampled to it).
    const trained = join(folder(), 'train');
    const train = spawnSync('node', [bin, 'train', '--arch', join(straight, 'architecture.json'), '--data', 'embedded', '--train-images', '200', '--epochs', '1', '--out', trained, '--json'], { encoding: 'utf8' });
    expect(train.status, train.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(trained, 'result.json'), 'utf8'));
    expect(result.testAccuracy).toBeGreaterThan(0);
  });

  it('runs a one-step dry run, and reports flag errors clearly', () => {
    const dry = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--dry-run', '--batch-size', '4', '--target-params', '50000', '--json'], { encoding: 'utf8' });
    expect(dry.status, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report.searchableLayers).toBe(7);
    expect(report.expectedCost).toBeGreaterThan(0);
    expect(Number.isFinite(report.loss)).toBe(true);
    const both = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--target-macs', '1e6', '--target-params', '1e4'], { encoding: 'utf8' });
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--target-macs or --target-params, not both/);
    const wrongSpace = spawnSync('node', [bin, 'search', '--space', 'fbnet-micro-28', '--target-macs', '1e6'], { encoding: 'utf8' });
    expect(wrongSpace.status).toBe(2);
    expect(wrongSpace.stderr).toMatch(/--target-macs does not apply to the DNAS space 'fbnet-micro-28' \(DMaskingNAS spaces: fbnetv2, fbnetv2-micro-28/);
    const negative = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--target-macs=-5'], { encoding: 'utf8' });
    expect(negative.status).toBe(2);
    expect(negative.stderr).toMatch(/--target-macs expects a number greater than 0 and at most 1000000000000000, got '-5'/);
  });
});
