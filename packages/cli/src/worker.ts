// The entry of an fbnas worker process (`dist/worker.js`): a local pool (`createLocalEvaluator`) forks it; it runs
// the jobs of `createEvaluationHandlers` until the coordinator goes away.
import { version_core } from '@tensorflow/tfjs-core';
import { serveWorkerProcess } from '@fbnas/evaluator';
import packageJson from '../package.json';
import { createEvaluationHandlers } from './evaluation/evaluation-handlers';

serveWorkerProcess(createEvaluationHandlers(), { versions: { '@fbnas/cli': packageJson.version, '@tensorflow/tfjs-core': version_core } });
