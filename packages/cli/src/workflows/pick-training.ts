import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchDefinition, OpSpecRegistry } from '@fbnas/core';
import { readJson } from '@fbnas/train';
import { trainWorkflow, type TrainWorkflowResult } from './train-workflow';

/** How a pick (`resolutionPickWorkflow`, `architecturePickWorkflow`) trains each candidate network to compare them. */
export interface PickTraining {
  /** Training epochs of each network (default 3). */
  epochs?: number;
  /** Training images (default: the search's `trainImages`, else all). */
  trainImages?: number;
  /** The held-out share of those images the networks are compared on (default 0.2). */
  validationFraction?: number;
}

/** `training` with its defaults filled in (`trainImages` from the search's). */
export function pickTrainingSettings(training: PickTraining | undefined, searchTrainImages: number | undefined): { epochs: number; trainImages: number | undefined; validationFraction: number } {
  return { epochs: training?.epochs ?? 3, trainImages: training?.trainImages ?? searchTrainImages, validationFraction: training?.validationFraction ?? 0.2 };
}

/**
 * Trains one candidate of a pick from scratch in `out` (a `trainWorkflow` run with held-out images), or reads
 * its `result.json` back when that training finished before (the pick's own config.json vouches for its inputs).
 * Returns the result without the model.
 */
export async function trainPickCandidate(options: {
  architecture: ArchDefinition; ops?: OpSpecRegistry; data: string; out: string; seed: number;
  training: ReturnType<typeof pickTrainingSettings>; onMessage?: (message: string) => void;
}): Promise<TrainWorkflowResult> {
  const resultFile = join(options.out, 'result.json');
  if (existsSync(resultFile)) return (await readJson(resultFile)) as TrainWorkflowResult;
  const { model, ...result } = await trainWorkflow({
    architecture: options.architecture, ops: options.ops, data: options.data, out: options.out, epochs: options.training.epochs, seed: options.seed,
    trainImages: options.training.trainImages, validationFraction: options.training.validationFraction, onMessage: options.onMessage,
  });
  model.dispose();
  return result;
}
