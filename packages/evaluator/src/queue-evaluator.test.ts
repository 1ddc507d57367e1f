import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobFailedError, type EvaluationJob } from './evaluation-job';
import { createQueueEvaluator } from './queue-evaluator';
import { queueConnection } from './queue-connection';
import { hasRedisServer, startTestRedis, type TestRedis } from './testing/test-redis';

// Real Redis (Debian's redis-server, started here on a free port) and real worker processes; no mocks. Without
// redis-server the suite skips, except in CI, where `pnpm test` installs it first.
const run = hasRedisServer() || process.env.CI !== undefined;

describe.runIf(run)('createQueueEvaluator with BullMQ workers on a real Redis', () => {
  let redis: TestRedis;
  const workers: ChildProcess[] = [];
  const startWorker = (queue: string) => {
    const child = fork(new URL('./__fixtures__/queue-test-worker.mjs', import.meta.url), [], { execArgv: [], env: { ...process.env, REDIS_URL: redis.url, QUEUE: queue }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    workers.push(child);
    return child;
  };
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await redis?.stop();
  });

  it('runs jobs on worker processes, records who ran them, and fails a poison job once with its error', async () => {
    const queue = 'basic';
    startWorker(queue);
    const evaluator = createQueueEvaluator({ url: redis.url, queue });
    try {
      const messages: string[] = [];
      const result = await evaluator.evaluate<{ square: number; pid: number }>({ id: 'a', kind: 'square', payload: { x: 3, ms: 300 } }, { onMessage: (m) => messages.push(m) });
      expect(result.value.square).toBe(9);
      expect(result.worker.pid).toBe(result.value.pid);
      expect(result.worker.versions).toEqual({ fixture: '1' });
      expect(result.jobSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(messages).toEqual(['squaring 3']);
      // The same job again (a resumed run) attaches to the finished one: nothing runs twice.
      const again = await evaluator.evaluate<{ square: number; pid: number }>({ id: 'a', kind: 'square', payload: { x: 3, ms: 300 } });
      expect(again.durationMs).toBe(result.durationMs);
      const failure = await evaluator.evaluate({ id: 'p', kind: 'fail', payload: null }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(JobFailedError);
      expect((failure as JobFailedError).reason).toBe('bad architecture: stage 2 has no blocks');
      expect((failure as JobFailedError).attempts).toBe(1);
    } finally {
      await evaluator.close();
    }
  });

  it('a worker killed mid-job and Redis restarted mid-run: every job answered once, as in a fault-free run', async () => {
    const queue = 'faults';
    const dir = mkdtempSync(join(tmpdir(), 'fbnas-queue-'));
    startWorker(queue);
    startWorker(queue);
    const evaluator = createQueueEvaluator({ url: redis.url, queue, pollMs: 100 });
    try {
      const jobs = Array.from({ length: 6 }, (_, i): EvaluationJob => (i === 2
        ? { id: `j${i}`, kind: 'die-once', payload: { x: i, marker: join(dir, 'died') } }
        : { id: `j${i}`, kind: 'square', payload: { x: i, ms: 1500 } }));
      const answers = Promise.all(jobs.map((job) => evaluator.evaluate<{ square: number; pid: number }>(job)));
      // Restart Redis while jobs run (append-only file: the queue survives).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await redis.start();
      startWorker(queue); // the killed worker's replacement
      const results = await answers;
      expect(results.map((r) => r.value.square)).toEqual([0, 1, 4, 9, 16, 25]);
      expect(results.map((r) => r.id)).toEqual(jobs.map((j) => j.id));
      const killed = Number(readFileSync(join(dir, 'died'), 'utf8'));
      expect(results[2]!.worker.pid).not.toBe(killed);
      // Exactly once: each job completed once in the queue.
      const { Queue } = await import('bullmq');
      const bull = new Queue(queue, { connection: queueConnection(redis.url) });
      const completed = await bull.getJobs(['completed']);
      await bull.close();
      expect(completed.map((j) => j.data.job.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    } finally {
      await evaluator.close();
    }
  });

  it('refuses a URL that is not redis://', () => {
    expect(() => createQueueEvaluator({ url: 'http://localhost:6379' })).toThrow(/--queue: expected a Redis URL redis:\/\/host:port/);
  });
});
