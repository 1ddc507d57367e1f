import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { JobFailedError, type EvaluationJob, type EvaluationResult, type Evaluator } from './evaluation-job';
import type { FromWorker, ToWorker } from './worker-protocol';

/** Options of `createLocalPoolEvaluator`. */
export interface LocalPoolOptions {
  /** The script each worker process runs (a path or `file:` URL); it calls `serveWorkerProcess(handlers)`. */
  workerModule: string | URL;
  /** Worker processes (default: `os.availableParallelism()`, every core). */
  size?: number;
  /** Runs per job when its worker process dies mid-job (default 2); a handler's own error is never retried. */
  attempts?: number;
  /** Extra environment of the workers (added to this process's). */
  env?: Record<string, string>;
  /** Node flags of the workers (default none: this process's own flags, e.g. a test runner's, are not passed on). */
  execArgv?: string[];
}

interface Pending {
  job: EvaluationJob;
  attempts: number;
  resolve: (result: EvaluationResult) => void;
  reject: (error: Error) => void;
  onMessage?: (message: string) => void;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  current?: Pending;
}

/**
 * An evaluator backed by a pool of worker processes on this machine, one job each at a time: tfjs's backends run
 * one thread per process in Node, so `size` processes use `size` cores. Workers start on demand and stay for the
 * next job (their backend and data loaded once). A worker that dies mid-job (killed, out of memory) is replaced and
 * its job runs again, up to `attempts` runs; a job whose handler throws fails at once with the handler's message.
 * Worker output goes to this process's stderr.
 *
 * @example
 * const pool = createLocalPoolEvaluator({ workerModule: new URL('./my-worker.js', import.meta.url) });
 * try { await Promise.all(jobs.map((job) => pool.evaluate(job))); } finally { await pool.close(); }
 */
export function createLocalPoolEvaluator(options: LocalPoolOptions): Evaluator {
  const size = options.size ?? os.availableParallelism();
  const attempts = options.attempts ?? 2;
  if (!Number.isInteger(size) || size < 1) throw new Error(`local pool: size must be a positive integer, got ${size}`);
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`local pool: attempts must be a positive integer, got ${attempts}`);
  const modulePath = options.workerModule instanceof URL ? fileURLToPath(options.workerModule) : options.workerModule;
  const queue: Pending[] = [];
  const workers = new Set<Worker>();
  let closed = false;

  const start = (): void => {
    const child = fork(modulePath, [], { stdio: ['ignore', 2, 2, 'ipc'], env: { ...process.env, ...options.env }, execArgv: options.execArgv ?? [] });
    const worker: Worker = { child, ready: false };
    workers.add(worker);
    child.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        worker.ready = true;
      } else if (message.type === 'message') {
        worker.current?.onMessage?.(message.text);
        return;
      } else {
        const pending = worker.current;
        worker.current = undefined;
        if (message.type === 'result') pending?.resolve(message.result);
        else pending?.reject(new JobFailedError(pending.job.id, pending.job.kind, message.message, pending.attempts));
      }
      dispatch();
    });
    child.on('exit', (code, signal) => {
      workers.delete(worker);
      const pending = worker.current;
      worker.current = undefined;
      if (pending !== undefined) {
        const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
        if (!closed && pending.attempts < attempts) {
          pending.onMessage?.(`job ${pending.job.id}: its worker (pid ${child.pid}) died (${how}); running it again`);
          queue.unshift({ ...pending, attempts: pending.attempts + 1 });
        } else {
          pending.reject(new JobFailedError(pending.job.id, pending.job.kind, `its worker process (pid ${child.pid}) died (${how})${closed ? ' while the pool closed' : ''}`, pending.attempts));
        }
      } else if (!worker.ready && !closed) {
        // A worker that dies before it is ready (a broken worker module) fails the queue instead of restarting forever.
        for (const job of queue.splice(0)) job.reject(new JobFailedError(job.job.id, job.job.kind, `worker ${modulePath} exited before it was ready (exit code ${code}, signal ${signal})`, job.attempts));
        return;
      }
      dispatch();
    });
  };

  const dispatch = (): void => {
    if (closed) return;
    for (const worker of workers) {
      if (queue.length === 0) return;
      if (!worker.ready || worker.current !== undefined) continue;
      const pending = queue.shift()!;
      worker.current = pending;
      const message: ToWorker = { type: 'job', job: pending.job, attempts: pending.attempts };
      worker.child.send(message);
    }
    const starting = [...workers].filter((worker) => !worker.ready).length;
    for (let i = starting; workers.size < size && i < queue.length; i++) start();
  };

  return {
    concurrency: size,
    evaluate(job, evaluateOptions) {
      if (closed) return Promise.reject(new Error(`local pool: closed before job ${job.id} was submitted`));
      return new Promise((resolve, reject) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the caller names the value's type
        queue.push({ job, attempts: 1, resolve: resolve as any, reject, onMessage: evaluateOptions?.onMessage });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error(`local pool: closed before job ${pending.job.id} ran`));
      const exits = [...workers].map((worker) => new Promise<void>((resolve) => {
        if (worker.child.exitCode !== null || worker.child.signalCode !== null) resolve();
        else worker.child.once('exit', () => resolve());
      }));
      for (const worker of workers) worker.child.kill('SIGTERM');
      await Promise.all(exits);
    },
  };
}
