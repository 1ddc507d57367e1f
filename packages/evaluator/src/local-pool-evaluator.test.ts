import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Evaluator } from './evaluation-job';
import { JobFailedError } from './evaluation-job';
import { createLocalPoolEvaluator } from './local-pool-evaluator';

const worker = new URL('./__fixtures__/test-worker.mjs', import.meta.url);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('createLocalPoolEvaluator', () => {
  let pool: Evaluator | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('runs jobs in separate worker processes, reused for later jobs, and forwards their messages', async () => {
    pool = createLocalPoolEvaluator({ workerModule: worker, size: 2 });
    expect(pool.concurrency).toBe(2);
    const first = await Promise.all([0, 1].map((i) => pool!.evaluate<number>({ id: `s${i}`, kind: 'sleep', payload: { ms: 300 } })));
    const pids = first.map((r) => r.value);
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(process.pid);
    expect(first[0]!.worker).toMatchObject({ pid: pids[0], versions: { fixture: '1' } });
    const messages: string[] = [];
    const echoed = await pool.evaluate({ id: 'e', kind: 'echo', payload: { a: [1, 2] } }, { onMessage: (m) => messages.push(m) });
    expect(echoed.value).toEqual({ a: [1, 2] });
    expect(pids).toContain(echoed.worker.pid);
    expect(messages).toEqual(['echo {"a":[1,2]}']);
    await pool.close();
    expect(pids.filter(alive)).toEqual([]);
  });

  it("fails a job whose handler throws at once (no retry), and keeps serving", async () => {
    pool = createLocalPoolEvaluator({ workerModule: worker, size: 1 });
    const failure = await pool.evaluate({ id: 'poison', kind: 'fail', payload: null }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JobFailedError);
    expect(failure).toMatchObject({ jobId: 'poison', reason: 'bad architecture: stage 2 has no blocks', attempts: 1 });
    await expect(pool.evaluate({ id: 'u', kind: 'nope', payload: null })).rejects.toThrow(/no handler for kind 'nope' \(known: die-once, echo, fail, sleep\)/);
    expect((await pool.evaluate({ id: 'ok', kind: 'echo', payload: 1 })).value).toBe(1);
  });

  it('runs a job again on a fresh worker when its worker dies mid-job, and gives up after `attempts`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fbnas-pool-'));
    const messages: string[] = [];
    pool = createLocalPoolEvaluator({ workerModule: worker, size: 1 });
    const result = await pool.evaluate<{ pid: number }>({ id: 'd', kind: 'die-once', payload: { marker: join(dir, 'd') } }, { onMessage: (m) => messages.push(m) });
    const killedPid = Number(readFileSync(join(dir, 'd'), 'utf8'));
    expect(result.attempts).toBe(2);
    expect(result.value.pid).not.toBe(killedPid);
    expect(messages.join('\n')).toMatch(new RegExp(`job d: its worker \\(pid ${killedPid}\\) died \\(signal SIGKILL\\); running it again`));
    await pool.close();

    pool = createLocalPoolEvaluator({ workerModule: worker, size: 1, attempts: 1 });
    await expect(pool.evaluate({ id: 'd2', kind: 'die-once', payload: { marker: join(dir, 'd2') } })).rejects.toThrow(/job d2 \(die-once\) failed: its worker process \(pid \d+\) died \(signal SIGKILL\)/);
    expect(existsSync(join(dir, 'd2'))).toBe(true);
  });

  it('fails queued jobs when the worker module cannot load, instead of restarting it forever', async () => {
    pool = createLocalPoolEvaluator({ workerModule: new URL('./__fixtures__/broken-worker.mjs', import.meta.url), size: 2 });
    await expect(pool.evaluate({ id: 'j', kind: 'echo', payload: 1 })).rejects.toThrow(/broken-worker\.mjs exited before it was ready \(exit code 1/);
  });

  it('checks its options', () => {
    expect(() => createLocalPoolEvaluator({ workerModule: worker, size: 0 })).toThrow(/size must be a positive integer, got 0/);
    expect(() => createLocalPoolEvaluator({ workerModule: worker, attempts: 1.5 })).toThrow(/attempts must be a positive integer, got 1.5/);
  });
});
