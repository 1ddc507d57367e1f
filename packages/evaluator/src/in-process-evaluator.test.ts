import { describe, expect, it } from 'vitest';
import { JobFailedError, type JobHandlers } from './evaluation-job';
import { createInProcessEvaluator } from './in-process-evaluator';
import { jobSha256 } from './run-job';

describe('createInProcessEvaluator', () => {
  it('runs a job and records what ran, where and for how long', async () => {
    const messages: string[] = [];
    const handlers: JobHandlers = { square: async (payload, { onMessage, jobId }) => {
      onMessage(`squaring in ${jobId}`);
      return (payload as { x: number }).x ** 2;
    } };
    const evaluator = createInProcessEvaluator(handlers, { versions: { test: '1' } });
    const result = await evaluator.evaluate<number>({ id: 'a', kind: 'square', payload: { x: 3 } }, { onMessage: (m) => messages.push(m) });
    expect(result.value).toBe(9);
    expect(result).toMatchObject({ id: 'a', kind: 'square', attempts: 1, worker: { pid: process.pid, versions: { test: '1' } } });
    expect(result.jobSha256).toBe(jobSha256({ kind: 'square', payload: { x: 3 } }));
    expect(result.jobSha256).not.toBe(jobSha256({ kind: 'square', payload: { x: 4 } }));
    expect(messages).toEqual(['squaring in a']);
    await evaluator.close();
    await expect(evaluator.evaluate({ id: 'b', kind: 'square', payload: { x: 1 } })).rejects.toThrow(/closed before job b/);
  });

  it('fails a job with the handler message, and an unknown kind with the known kinds', async () => {
    const evaluator = createInProcessEvaluator({ fail: async () => { throw new Error('stage 2 has no blocks'); }, echo: async (p) => p });
    const failure = await evaluator.evaluate({ id: 'x', kind: 'fail', payload: null }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JobFailedError);
    expect(failure).toMatchObject({ jobId: 'x', kind: 'fail', reason: 'stage 2 has no blocks', attempts: 1 });
    await expect(evaluator.evaluate({ id: 'y', kind: 'train', payload: null })).rejects.toThrow("job y (train) failed: no handler for kind 'train' (known: echo, fail)");
  });

  it('runs at most `concurrency` jobs at once', async () => {
    let running = 0;
    let most = 0;
    const evaluator = createInProcessEvaluator({ wait: async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return null;
    } }, { concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => evaluator.evaluate({ id: String(i), kind: 'wait', payload: null })));
    expect(most).toBe(2);
    expect(() => createInProcessEvaluator({}, { concurrency: 0 })).toThrow(/concurrency must be a positive integer, got 0/);
  });
});
