/**
 * `fbnas worker --queue URL` and `fbnas nars run --queue URL` as users run them: the built CLI in child processes,
 * on a real redis-server (Debian's, started on a free port); no mocks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasRedisServer, startTestRedis, type TestRedis } from '@fbnas/evaluator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'fbnas.mjs');
const root = mkdtempSync(join(tmpdir(), 'fbnas-queue-cli-'));
const run = hasRedisServer() || process.env.CI !== undefined;

describe.runIf(run)('fbnas worker / nars run --queue', () => {
  let redis: TestRedis;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('trains a NARS run\'s candidates on two `fbnas worker` processes; the results are recorded in the run folder', async () => {
    const logs: string[] = ['', ''];
    for (const i of [0, 1]) {
      const worker = spawn(process.execPath, [bin, 'worker', '--queue', redis.url], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      worker.stderr!.on('data', (chunk: Buffer) => { logs[i] += chunk.toString(); });
      workers.push(worker);
    }
    const args = [
      bin, 'nars', 'run', '--space', 'nars-micro-28', '--train-images', '200', '--target-macs', '600000', '--pool', '6', '--first-batch', '2',
      '--iterations', '1', '--per-iteration', '2', '--pretrain-count', '100', '--queue', redis.url, '--out', join(root, 'run'), '--json',
    ];
    const coordinator = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: root });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
    expect(coordinator.status, coordinator.stderr).toBe(0);
    expect(coordinator.stderr).toMatch(/through the queue at redis:\/\/127\.0\.0\.1:\d+/);
    expect(JSON.parse(coordinator.stdout).candidates).toBe(4);
    const lines = readFileSync(join(root, 'run', 'candidates.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const pids = new Set(lines.map((c: { evaluation: { worker: { pid: number } } }) => c.evaluation.worker.pid));
    expect([...pids].every((pid) => workers.some((w) => w.pid === pid))).toBe(true);
    expect(logs.join('')).toMatch(/job candidate-\d+ \(nars-candidate\): started/);
  });

  it('refuses --queue together with --workers, and a URL that is not redis://', () => {
    const both = spawnSync(process.execPath, [bin, 'nars', 'run', '--queue', redis.url, '--workers', '2', '--out', join(root, 'x')], { encoding: 'utf8' });
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--queue and --workers exclude each other/);
    const bad = spawnSync(process.execPath, [bin, 'worker', '--queue', 'localhost:6379'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--queue: expected a Redis URL redis:\/\/host:port/);
  });
});
