import os from 'node:os';
import { createLocalPoolEvaluator, type Evaluator } from '@fbnas/evaluator';

/**
 * A pool of `workers` fbnas worker processes on this machine (default: every core), each running the jobs of
 * `createEvaluationHandlers` on its own tfjs backend. `workerModule` defaults to the built `dist/worker.js` beside
 * this bundle.
 */
export function createLocalEvaluator(options: { workers?: number; workerModule?: string | URL } = {}): Evaluator {
  return createLocalPoolEvaluator({ workerModule: options.workerModule ?? new URL('./worker.js', import.meta.url), size: options.workers ?? os.availableParallelism() });
}
