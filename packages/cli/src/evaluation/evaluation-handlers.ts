import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { JobHandlers } from '@fbnas/evaluator';
import { loadData, type LoadedData } from '../workflows/load-data';
import {
  fitLatencyModelJob, LATENCY_MODEL_JOB, LATENCY_TABLE_JOB, measureLatencyJob, type LatencyModelJobPayload, type LatencyTableJobPayload,
} from './latency-job';
import { NARS_CANDIDATE_JOB, trainNarsCandidate, type NarsCandidatePayload } from './nars-candidate-job';
import { retrainJob, TRAIN_JOB, type TrainJobPayload } from './train-job';

/** Options of `createEvaluationHandlers`. */
export interface EvaluationHandlersOptions {
  /**
   * A folder of this machine for the jobs' run folders (`fbnas worker --scratch DIR`): each job trains in
   * `DIR/<job id>-<12 hex of the SHA-256 of the coordinator's path>` instead of that path (the coordinator's
   * machine's), so a worker on another machine writes where it may, and two runs' jobs of the same id never share a
   * folder. A job run again on the same machine resumes there.
   */
  scratch?: string;
}

/**
 * The jobs an fbnas worker runs, by kind: `nars-candidate` (train one FBNetV3 candidate, `trainNarsCandidate`),
 * `train` (retrain one architecture, `retrainJob`), `latency-table` (measure a space's latency table on this
 * machine, `measureLatencyJob`) and `latency-model` (fit a mask space's latency model on this machine,
 * `fitLatencyModelJob`). Datasets are loaded once per worker and kept for its later jobs.
 */
export function createEvaluationHandlers(options: EvaluationHandlersOptions = {}): JobHandlers {
  const datasets = new Map<string, Promise<LoadedData>>();
  const cachedLoad = (spec: string): Promise<LoadedData> => {
    let loaded = datasets.get(spec);
    if (loaded === undefined) {
      loaded = loadData(spec);
      datasets.set(spec, loaded);
      loaded.catch(() => datasets.delete(spec));
    }
    return loaded;
  };
  const folder = (given: string, jobId: string) => (options.scratch === undefined
    ? given
    : join(options.scratch, `${scratchName(jobId)}-${createHash('sha256').update(given).digest('hex').slice(0, 12)}`));
  return Object.freeze({
    [NARS_CANDIDATE_JOB]: async (payload, context) => {
      const job = payload as unknown as NarsCandidatePayload;
      return trainNarsCandidate({ ...job, runFolder: folder(job.runFolder, context.jobId) }, context, cachedLoad);
    },
    [TRAIN_JOB]: async (payload, context) => {
      const job = payload as unknown as TrainJobPayload;
      return (await retrainJob({ ...job, out: folder(job.out, context.jobId) }, context)) as unknown as Record<string, number | string>;
    },
    [LATENCY_TABLE_JOB]: async (payload, context) => (await measureLatencyJob(payload as unknown as LatencyTableJobPayload, context)) as unknown as Record<string, number | string>,
    [LATENCY_MODEL_JOB]: async (payload, context) => (await fitLatencyModelJob(payload as unknown as LatencyModelJobPayload, context)) as unknown as Record<string, number | string>,
  });
}

/** A job id as one folder name: characters other than letters, digits, `.`, `_` and `-` become `_`. */
function scratchName(jobId: string): string {
  const name = jobId.replace(/[^A-Za-z0-9._-]/g, '_');
  return name === '.' || name === '..' ? `_${name}` : name;
}
