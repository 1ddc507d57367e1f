import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArchDefinition } from '@fbnas/core';
import type { JobContext } from '@fbnas/evaluator';
import { readJson, type TrainArchitectureConfig } from '@fbnas/train';
import type { TrainWorkflowResult } from '../workflows/train-workflow';
import { opsFromFlag } from '../ops-flag';
import { trainWorkflow } from '../workflows/train-workflow';

/** Job kind of `retrainJob`. */
export const TRAIN_JOB = 'train';

/** Everything `fbnas train` needs to retrain one architecture, as a job. */
export interface TrainJobPayload {
  architecture: ArchDefinition;
  /** An ES module of the user's op specs (absolute path), when the architecture uses ops of its own. */
  opsModule?: string;
  data: string;
  trainImages?: number;
  epochs: number;
  seed: number;
  config?: Partial<TrainArchitectureConfig>;
  /** The run folder (absolute): result.json, the model, logs; resumes. */
  out: string;
}

/** What a retraining job resolves to (the run folder's result.json, without the per-epoch logs). */
export interface TrainJobValue {
  architecture: string;
  testAccuracy: number;
  measuredLatencyUs: number;
  epochs: number;
}

/** The payload with its paths made absolute, so a worker in another folder finds them. */
export function trainJobPayload(payload: TrainJobPayload): TrainJobPayload {
  return { ...payload, out: resolve(payload.out), ...(payload.opsModule === undefined ? {} : { opsModule: resolve(payload.opsModule) }) };
}

/**
 * Retrains one architecture as `fbnas train` does (`trainWorkflow`; resumable in `out`) and tests it. A job whose
 * folder already holds its finished result (run before, by any worker) resolves to that result without training.
 */
export async function retrainJob(payload: TrainJobPayload, context: JobContext): Promise<TrainJobValue> {
  const finished = join(payload.out, 'result.json');
  if (existsSync(finished) && existsSync(join(payload.out, 'model', 'model.json'))) {
    const result = await readJson<TrainWorkflowResult>(finished);
    return { architecture: result.architecture, testAccuracy: result.testAccuracy, measuredLatencyUs: result.measuredLatencyUs, epochs: result.logs.length };
  }
  const ops = payload.opsModule === undefined ? undefined : await opsFromFlag(payload.opsModule);
  const result = await trainWorkflow({
    architecture: payload.architecture, ...(ops === undefined ? {} : { ops }), data: payload.data, out: payload.out, epochs: payload.epochs, seed: payload.seed,
    ...(payload.trainImages === undefined ? {} : { trainImages: payload.trainImages }), ...(payload.config === undefined ? {} : { config: payload.config }),
    onMessage: context.onMessage,
    onEpoch: (log) => context.onMessage(`  ${context.jobId} epoch ${log.epoch + 1}/${payload.epochs}: loss ${log.loss.toFixed(3)}`),
  });
  result.model.dispose();
  return { architecture: result.architecture, testAccuracy: result.testAccuracy, measuredLatencyUs: result.measuredLatencyUs, epochs: result.logs.length };
}
