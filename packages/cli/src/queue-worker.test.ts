/**
 * `fbnas worker --queue URL` and `fbnas nars run --queue URL` as users run them: the built CLI in child processes,
 * on a real redis-server (Debian's, started on a free port); no mocks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueEvaluator } from '@fbnas/evaluator';
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

  it('`latency build --queue` and `latency fit --queue` have a worker measure the table and fit the model; a `--scratch` worker trains jobs in its own folder', async () => {
    for (const worker of workers.splice(0)) worker.kill('SIGKILL');
    const scratch = join(root, 'scratch');
    let log = '';
    const worker = spawn(process.execPath, [bin, 'worker', '--queue', redis.url, '--scratch', scratch], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    worker.stderr!.on('data', (chunk: Buffer) => { log += chunk.toString(); });
    workers.push(worker);

    // A user's space file travels in the job as a document (the worker needs no copy of it).
    const space = {
      format: 'fbnas.space/v1', name: 'queued-tiny', inputSize: 28, inputChannels: 1, numClasses: 10, basicArgs: { widthDivisor: 1 },
      candidates: { k3_e1: ['ir_k3', { expansion: 1 }], k5_e3: ['ir_k5', { expansion: 3 }], skip: ['skip'] },
      stages: [[{ fixed: ['conv_k3', 8, 2, 1] }], [{ search: 'c16', outChannels: 16, stride: 2, repeat: 2 }]], head: { op: 'classifier' },
    };
    writeFileSync(join(root, 'space.json'), JSON.stringify(space));
    const built = spawnSync(process.execPath, [bin, 'latency', 'build', '--space', join(root, 'space.json'), '--repeats', '3', '--queue', redis.url, '--out', join(root, 'queued.lut.json')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/measured \d+\/\d+ entries of queued-tiny/);
    expect(built.stdout).toMatch(/latency table of queued-tiny on \S+ \(.+, wasm\)/);
    const table = JSON.parse(readFileSync(join(root, 'queued.lut.json'), 'utf8'));
    expect(table.metadata).toMatchObject({ repeats: 3, cpu: cpus()[0]!.model, backend: 'wasm' });
    expect(Object.keys(table.layers)).toEqual(['c16_0', 'c16_1']);
    expect(Object.keys(table.layers.c16_0)).toEqual(['k3_e1', 'k5_e3', 'skip']);
    expect(table.layers.c16_0.k5_e3).toMatchObject({ count: 3 });
    expect(table.layers.c16_0.k5_e3.median).toBeGreaterThan(0);
    // The table is the space's: predict with it.
    writeFileSync(join(root, 'sample.json'), JSON.stringify({ c16_0: 'k5_e3', c16_1: 'skip' }));
    const predicted = spawnSync(process.execPath, [bin, 'latency', 'predict', '--space', join(root, 'space.json'), '--lut', join(root, 'queued.lut.json'), '--sample', join(root, 'sample.json'), '--json'], { encoding: 'utf8' });
    expect(predicted.status, predicted.stderr).toBe(0);
    expect(JSON.parse(predicted.stdout).predictedUs).toBeGreaterThan(0);

    // `latency fit --queue`: the worker times a mask space's networks and fits the model on its machine.
    const fitted = spawnSync(process.execPath, [bin, 'latency', 'fit', '--space', 'fbnetv2-micro-28', '--networks', '6', '--repeats', '2', '--queue', redis.url, '--out', join(root, 'queued.latency-model.json')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(fitted.status, fitted.stderr).toBe(0);
    expect(fitted.stderr).toMatch(/timed 6\/6 networks of fbnetv2-micro-28/);
    expect(fitted.stdout).toMatch(/latency model of fbnetv2-micro-28 on \S+ \(.+, wasm\)/);
    const model = JSON.parse(readFileSync(join(root, 'queued.latency-model.json'), 'utf8'));
    expect(model).toMatchObject({ format: 'fbnas.latency-model/v1', space: { name: 'fbnetv2-micro-28' }, metadata: { repeats: 2, cpu: cpus()[0]!.model, backend: 'wasm' }, fit: { networks: 6 } });

    // A retraining job naming a folder of the coordinator's machine (absent here) trains under the worker's --scratch.
    const elsewhere = join(root, 'coordinator-only', 'run');
    const evaluator = createQueueEvaluator({ url: redis.url, pollMs: 100 });
    try {
      const architecture = { format: 'fbnas.arch/v1', name: 'scratch_net', inputSize: 28, inputChannels: 1, numClasses: 10, stages: [[['conv_k3', 8, 2, 1]], [['ir_k3', 8, 1, 1, { expansion: 1 }]]] };
      const result = await evaluator.evaluate({ id: 'scratch-train', kind: 'train', payload: { architecture, data: 'embedded', trainImages: 64, epochs: 1, seed: 0, out: elsewhere } });
      expect(result.value).toMatchObject({ architecture: 'scratch_net', epochs: 1 });
    } finally {
      await evaluator.close();
    }
    expect(existsSync(join(root, 'coordinator-only'))).toBe(false);
    const folders = readdirSync(scratch);
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^scratch-train-[0-9a-f]{12}$/);
    expect(existsSync(join(scratch, folders[0]!, 'model', 'model.json'))).toBe(true);
    expect(log).toMatch(/job scratch-train \(train\): started/);
    expect(log).toMatch(/job latency-model-fbnetv2-micro-28 \(latency-model\): started/);
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
