import { resolve } from 'node:path';
import type { ArchDefinition } from '@fbnas/core';
import { runDataParallelThreads, type TrainArchitectureConfig, type TrainEpochLog } from '@fbnas/train';
import type { TrainWorkflowResult } from '../workflows/train-workflow';

/** What every data-parallel training thread gets: `fbnas train`'s inputs, as JSON. */
export interface DataParallelTrainInput {
  job: 'train';
  /** An `fbnas.arch/v1` document or the path of one. */
  architecture: ArchDefinition | string;
  /** An ES module of the user's op specs (`--ops`), imported by each thread. */
  opsModule?: string;
  data: string;
  out: string;
  epochs: number;
  seed: number;
  trainImages?: number;
  force?: boolean;
  config?: Partial<TrainArchitectureConfig>;
}

/** What a data-parallel training thread reports to the launcher. */
export type DataParallelTrainReport = { message: string } | { epoch: TrainEpochLog };

/**
 * `fbnas train --data-parallel N`: `trainWorkflow` on `workers` threads of this process (`dist/data-parallel-thread.js`),
 * each with its own tfjs backend and its shard of every batch; gradients are summed each step and batch norms
 * synchronized, so the model equals a one-thread run's at the same batch size. Rank 0 writes the run folder (resumable
 * as ever) and tests and measures the model.
 */
export async function trainDataParallel(
  input: Omit<DataParallelTrainInput, 'job'>,
  workers: number,
  onMessage: (message: string) => void,
  onEpoch: (log: TrainEpochLog) => void,
  workerModule: string | URL = new URL('./data-parallel-thread.js', import.meta.url),
): Promise<TrainWorkflowResult> {
  const absolute: DataParallelTrainInput = {
    ...input, job: 'train', out: resolve(input.out), ...(input.opsModule === undefined ? {} : { opsModule: resolve(input.opsModule) }),
    ...(typeof input.architecture === 'string' ? { architecture: resolve(input.architecture) } : {}),
  };
  onMessage(`training on ${workers} data-parallel threads`);
  return runDataParallelThreads<TrainWorkflowResult>({
    size: workers, workerModule, input: absolute,
    onMessage: (report) => {
      const r = report as DataParallelTrainReport;
      if ('epoch' in r) onEpoch(r.epoch);
      else onMessage(r.message);
    },
  });
}
