import { JobFailedError, type JobHandlers } from './evaluation-job';
import { runJob } from './run-job';
import type { FromWorker, ToWorker } from './worker-protocol';

/**
 * Makes this process a worker of a local pool (`createLocalPoolEvaluator`): it runs the jobs the coordinator sends,
 * one at a time, with `handlers`, answers with results, failures and progress lines, and exits when the
 * coordinator goes away. The pool's `workerModule` calls this once, after loading what its handlers need.
 *
 * @throws Error when this process was not started by a pool (no IPC channel).
 */
export function serveWorkerProcess(handlers: JobHandlers, options: { versions?: Record<string, string> } = {}): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('serveWorkerProcess: this process has no IPC channel; it is started by createLocalPoolEvaluator');
  const post = (message: FromWorker) => send(message);
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToWorker) => {
    if (message?.type !== 'job') return;
    const { job, attempts } = message;
    runJob(handlers, job, { attempts, versions: options.versions, onMessage: (text) => post({ type: 'message', id: job.id, text }) }).then(
      (result) => post({ type: 'result', result }),
      (error: unknown) => post({ type: 'failed', id: job.id, message: error instanceof JobFailedError ? error.reason : String(error) }),
    );
  });
  post({ type: 'ready' });
}
