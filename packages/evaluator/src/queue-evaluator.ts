import { Queue } from 'bullmq';
import { JobFailedError, type EvaluationJob, type EvaluationResult, type Evaluator } from './evaluation-job';
import { DEFAULT_QUEUE_NAME, queueConnection } from './queue-connection';
import { jobSha256 } from './run-job';

/** Options of `createQueueEvaluator`. */
export interface QueueEvaluatorOptions {
  /** The Redis server, `redis://host:port`. */
  url: string;
  /** BullMQ queue name (default `fbnas`); workers (`serveQueueWorker`) must use the same. */
  queue?: string;
  /** Runs per job when its handler fails transiently (BullMQ `attempts`, default 3); a handler's error is final. */
  attempts?: number;
  /** How often a waiting job's state is read (ms, default 250). */
  pollMs?: number;
  /** Jobs expected to run at once (the workers' total concurrency), for callers that size batches (default 1). */
  concurrency?: number;
}

/**
 * An evaluator that puts jobs on a BullMQ queue in Redis, for `fbnas worker --queue URL` processes on any number of
 * machines. BullMQ does the distributed part: a job whose worker dies is found stalled (its lock expires) and runs
 * again on another worker; a handler's own error fails the job at once (no retry). The BullMQ job id is the job's id
 * plus its content hash, so re-submitting a job (a resumed run) attaches to the one already queued, running or
 * finished instead of running it twice, and two runs with same-named jobs of different content never meet. A job
 * that disappears (Redis restarted without persistence) is queued again.
 */
export function createQueueEvaluator(options: QueueEvaluatorOptions): Evaluator {
  const queue = new Queue(options.queue ?? DEFAULT_QUEUE_NAME, { connection: queueConnection(options.url) });
  // Connection errors while Redis restarts are expected: ioredis reconnects and the wait loop below retries.
  queue.on('error', () => undefined);
  const attempts = options.attempts ?? 3;
  const pollMs = options.pollMs ?? 250;
  let closed = false;
  const add = (job: EvaluationJob, bullId: string) =>
    queue.add(job.kind, { job }, { jobId: bullId, attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: false, removeOnFail: false });

  return {
    concurrency: options.concurrency ?? 1,
    async evaluate(job, evaluateOptions) {
      if (closed) throw new Error(`queue evaluator: closed before job ${job.id} was submitted`);
      const bullId = `${job.id}.${jobSha256(job).slice(0, 16)}`;
      await add(job, bullId);
      let progress = 0;
      for (;;) {
        if (closed) throw new Error(`queue evaluator: closed while job ${job.id} was waiting`);
        let state: string;
        try {
          state = await queue.getJobState(bullId);
        } catch {
          // Redis unreachable for the moment: wait for the reconnection.
          await new Promise((resolve) => setTimeout(resolve, pollMs));
          continue;
        }
        if (state === 'completed' || state === 'failed' || state === 'active') {
          const bullJob = await queue.getJob(bullId);
          if (bullJob !== undefined) {
            const messages = Array.isArray(bullJob.progress) ? (bullJob.progress as string[]) : [];
            for (; progress < messages.length; progress++) evaluateOptions?.onMessage?.(messages[progress]!);
            if (state === 'completed') return bullJob.returnvalue as EvaluationResult as never;
            if (state === 'failed') throw new JobFailedError(job.id, job.kind, bullJob.failedReason ?? 'failed', bullJob.attemptsMade);
          }
        } else if (state === 'unknown') {
          await add(job, bullId);
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    async close() {
      closed = true;
      await queue.close();
    },
  };
}
