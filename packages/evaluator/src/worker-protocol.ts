import type { EvaluationJob, EvaluationResult } from './evaluation-job';

/** Coordinator → worker process messages (over the IPC channel of `child_process.fork`). */
export type ToWorker = { type: 'job'; job: EvaluationJob; attempts: number };

/** Worker process → coordinator messages. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'message'; id: string; text: string }
  | { type: 'result'; result: EvaluationResult }
  | { type: 'failed'; id: string; message: string };
