export { JobFailedError } from './evaluation-job';
export type { EvaluationJob, EvaluationResult, Evaluator, JobContext, JobHandler, JobHandlers, WorkerInfo } from './evaluation-job';
export { jobSha256, runJob, workerInfo } from './run-job';
export { createInProcessEvaluator } from './in-process-evaluator';
export { createLocalPoolEvaluator, type LocalPoolOptions } from './local-pool-evaluator';
export { serveWorkerProcess } from './serve-worker-process';
export { createQueueEvaluator, type QueueEvaluatorOptions } from './queue-evaluator';
export { serveQueueWorker, type QueueWorker, type QueueWorkerOptions } from './serve-queue-worker';
export { DEFAULT_QUEUE_NAME, queueConnection } from './queue-connection';
