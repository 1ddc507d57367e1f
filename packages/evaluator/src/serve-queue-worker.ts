import { UnrecoverableError, Worker } from 'bullmq';
import { JobFailedError, type EvaluationJob, type JobHandlers } from './evaluation-job';
import { DEFAULT_QUEUE_NAME, queueConnection } from './queue-connection';
import { runJob } from './run-job';

/** Options of `serveQueueWorker`. */
export interface QueueWorkerOptions {
  /** The Redis server, `redis://host:port`. */
  url: string;
  /** BullMQ queue name (default `fbnas`). */
  queue?: string;
  /** Jobs this worker runs at once (default 1: one tfjs backend thread per process). */
  concurrency?: number;
  /** BullMQ lock duration (ms, default 30 000): a worker silent this long is presumed dead and its job runs elsewhere. */
  lockDuration?: number;
  /** BullMQ stalled-job check interval (ms, default 30 000). */
  stalledInterval?: number;
  /** Times a job may lose its worker before it fails (BullMQ `maxStalledCount`, default 2). */
  maxStalledCount?: number;
  versions?: Record<string, string>;
  onMessage?: (message: string) => void;
}

/** A running queue worker; `close()` lets its current job finish, then disconnects. */
export interface QueueWorker {
  close(): Promise<void>;
}

/**
 * Serves the jobs of a BullMQ queue in Redis with `handlers` (what `fbnas worker --queue URL` runs, on any machine):
 * each result is the job's `EvaluationResult` (versions, hashes, wall time). A handler's error fails the job without
 * retry (BullMQ `UnrecoverableError`), so a poison job (a bad architecture) is recorded with its error, not retried
 * forever; progress lines are kept on the job for the coordinator.
 */
export function serveQueueWorker(handlers: JobHandlers, options: QueueWorkerOptions): QueueWorker {
  const say = options.onMessage ?? (() => undefined);
  const worker = new Worker(options.queue ?? DEFAULT_QUEUE_NAME, async (bullJob) => {
    const { job } = bullJob.data as { job: EvaluationJob };
    const lines: string[] = [];
    say(`job ${job.id} (${job.kind}): started, attempt ${bullJob.attemptsMade + 1}`);
    try {
      const result = await runJob(handlers, job, {
        attempts: bullJob.attemptsMade + 1,
        versions: options.versions,
        onMessage: (text) => {
          say(text);
          lines.push(text);
          void bullJob.updateProgress([...lines]).catch(() => undefined);
        },
      });
      say(`job ${job.id}: done in ${(result.durationMs / 1000).toFixed(1)} s`);
      return result;
    } catch (error) {
      if (error instanceof JobFailedError) {
        say(`job ${job.id}: failed: ${error.reason}`);
        throw new UnrecoverableError(error.reason);
      }
      throw error;
    }
  }, {
    connection: queueConnection(options.url),
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDuration ?? 30_000,
    stalledInterval: options.stalledInterval ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
  });
  worker.on('error', (error) => say(`queue worker: ${error.message}`));
  return { close: () => worker.close() };
}
