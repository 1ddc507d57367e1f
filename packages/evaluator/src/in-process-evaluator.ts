import type { Evaluator, JobHandlers } from './evaluation-job';
import { runJob } from './run-job';

/**
 * An evaluator that runs jobs in this process (tests, debugging, or a machine where worker processes cannot start):
 * at most `concurrency` at a time (default 1; jobs on one tfjs backend share its single thread anyway).
 */
export function createInProcessEvaluator(handlers: JobHandlers, options: { concurrency?: number; versions?: Record<string, string> } = {}): Evaluator {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`in-process evaluator: concurrency must be a positive integer, got ${concurrency}`);
  let running = 0;
  let closed = false;
  const waiting: (() => void)[] = [];
  return {
    concurrency,
    async evaluate(job, evaluateOptions) {
      if (closed) throw new Error(`in-process evaluator: closed before job ${job.id} was submitted`);
      if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
      running++;
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the caller names the value's type
        return (await runJob(handlers, job, { versions: options.versions, onMessage: evaluateOptions?.onMessage })) as any;
      } finally {
        running--;
        waiting.shift()?.();
      }
    },
    async close() {
      closed = true;
    },
  };
}
