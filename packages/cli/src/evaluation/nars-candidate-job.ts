import { resolve } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import { validateArch, type ArchDefinition } from '@fbnas/core';
import { splitDataset } from '@fbnas/data';
import type { JobContext } from '@fbnas/evaluator';
import type { JointRecipe } from '@fbnas/nars';
import { trainArchitecture } from '@fbnas/train';
import { explainRunError } from '../run-errors';
import { atResolution, batchSource, limit, type LoadedData } from '../workflows/load-data';

/** Job kind of `trainNarsCandidate`. */
export const NARS_CANDIDATE_JOB = 'nars-candidate';

/** Everything one FBNetV3 candidate's training needs: it runs the same on any worker. */
export interface NarsCandidatePayload {
  /** The candidate's network (`jointArchitecture` of its sample). */
  architecture: ArchDefinition;
  /** Its recipe (optimizer, learning rate, weight decay, mixup, dropout, stochastic depth, EMA). */
  recipe: JointRecipe;
  /** Epochs to train (its recipe's, or the early-stop epoch). */
  epochs: number;
  /** Dataset spec (`embedded`, `fashion-mnist[:DIR]`, …) and the training images used (before the 80/20 split). */
  data: string;
  trainImages: number | null;
  /** Seed of the image subset, the 80/20 split, the initialisation and the batch order. */
  seed: number;
  /** The candidate's resumable run folder (absolute). */
  runFolder: string;
}

/** Builds the payload of a candidate's training job (the run folder made absolute, so any worker finds it). */
export function narsCandidatePayload(payload: NarsCandidatePayload): NarsCandidatePayload {
  return { ...payload, runFolder: resolve(payload.runFolder) };
}

/**
 * Trains one candidate from scratch with its own recipe on 80 % of the training images (`trainArchitecture`, in its
 * resumable run folder) and scores it on the other 20 % after every epoch; resolves to those validation accuracies.
 * `loadData` is the worker's (cached) dataset loader.
 */
export async function trainNarsCandidate(payload: NarsCandidatePayload, context: JobContext, loadData: (spec: string) => Promise<LoadedData>): Promise<number[]> {
  await selectBackend({ onWarning: context.onMessage });
  const architecture = validateArch(payload.architecture);
  const data = await loadData(payload.data);
  const { first, second } = splitDataset(limit(data.train, payload.trainImages ?? undefined, payload.seed), { fraction: 0.8, seed: payload.seed });
  const side = architecture.inputSize;
  // Subsampled after the split: only the images this candidate uses (the worker's cached dataset stays whole).
  const { train: trainSplit, test: validation } = atResolution({ train: first, test: second }, side);
  const shape = [side, side, architecture.inputChannels ?? 3] as const;
  const { recipe, epochs } = payload;
  const { model, logs } = await trainArchitecture({
    architecture, shape, classes: architecture.numClasses ?? 1000, runFolder: payload.runFolder,
    config: {
      epochs, batchSize: 64, learningRate: recipe.learningRate, momentum: 0.9, weightDecay: recipe.weightDecay, seed: payload.seed,
      optimizer: recipe.optimizer, mixup: recipe.mixup, dropout: recipe.dropout, stochasticDepth: recipe.stochasticDepth, ema: recipe.ema,
    },
    trainBatches: batchSource(trainSplit, { batchSize: 64, seed: payload.seed, normalize: data.normalize }),
    evaluationBatches: batchSource(validation, { batchSize: 256, seed: 0, normalize: data.normalize, shuffle: false }),
    inputs: { data: { spec: payload.data, trainImages: payload.trainImages, split: 'nars 80/20' } },
    onEpoch: (log) => context.onMessage(`  ${context.jobId} epoch ${log.epoch + 1}/${epochs}: validation accuracy ${(log.evaluationAccuracy! * 100).toFixed(1)} %`),
  }).catch((error: unknown) => {
    throw explainRunError(error);
  });
  model.dispose();
  return logs.map((log) => log.evaluationAccuracy!);
}
