import type { JobHandlers } from '@fbnas/evaluator';
import { loadData, type LoadedData } from '../workflows/load-data';
import { NARS_CANDIDATE_JOB, trainNarsCandidate, type NarsCandidatePayload } from './nars-candidate-job';
import { retrainJob, TRAIN_JOB, type TrainJobPayload } from './train-job';

/**
 * The jobs an fbnas worker runs, by kind: `nars-candidate` (train one FBNetV3 candidate, `trainNarsCandidate`) and
 * `train` (retrain one architecture, `retrainJob`). Datasets are loaded once per worker and kept for its later jobs.
 */
export function createEvaluationHandlers(): JobHandlers {
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
  return Object.freeze({
    [NARS_CANDIDATE_JOB]: async (payload, context) => trainNarsCandidate(payload as unknown as NarsCandidatePayload, context, cachedLoad),
    [TRAIN_JOB]: async (payload, context) => (await retrainJob(payload as unknown as TrainJobPayload, context)) as unknown as Record<string, number | string>,
  });
}
