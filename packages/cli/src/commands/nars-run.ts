import { join } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import { splitDataset, subsampleDataset } from '@fbnas/data';
import { jointSpaceFromFlag } from '../joint-space-flag';
import type { CliIo } from '../cli-io';
import { explainRunError } from '../run-errors';
import { batchSource, limit, loadData } from '../workflows/load-data';
import { narsRunWorkflow, type CandidateTrainer } from '../workflows/nars-run-workflow';
import { trainArchitecture } from '@fbnas/train';

/** Flags of `fbnas nars run`. */
export interface NarsRunFlags {
  space: string;
  data: string;
  trainImages?: number;
  targetMacs?: number;
  targetParams?: number;
  pool?: number;
  firstBatch?: number;
  iterations?: number;
  perIteration?: number;
  pretrainCount?: number;
  seed: number;
  out: string;
  json: boolean;
}

/**
 * `fbnas nars run --space NAME|FILE --out DIR`: FBNetV3's constrained iterative optimization on real data
 * (`narsRunWorkflow`): every candidate is trained from scratch with its own recipe (`trainArchitecture`, in its
 * own resumable folder `<out>/candidates/<id>`) on 80 % of the training images and scored on the other 20 % after
 * every epoch; the predictor is saved to `<out>/predictor` for `fbnas nars evolve`. Re-run on the same `--out` to
 * resume.
 */
export async function narsRunCommand(flags: NarsRunFlags, io: CliIo): Promise<void> {
  await selectBackend({ onWarning: (m) => io.error(m) });
  const space = jointSpaceFromFlag('nars run', flags.space);
  const data = await loadData(flags.data);
  const { first: trainSplit, second: validation } = splitDataset(limit(data.train, flags.trainImages, flags.seed), { fraction: 0.8, seed: flags.seed });
  const classes = space.definition.numClasses;
  const train: CandidateTrainer = async (pair, epochs, id) => {
    const side = pair.sample.resolution;
    const at = (d: typeof trainSplit) => (side < d.height ? subsampleDataset(d, side) : d);
    const shape = [side, side, space.definition.inputChannels] as const;
    const { recipe } = pair.sample;
    const { model, logs } = await trainArchitecture({
      architecture: pair.architecture, shape, classes, runFolder: join(flags.out, 'candidates', String(id)),
      config: {
        epochs, batchSize: 64, learningRate: recipe.learningRate, momentum: 0.9, weightDecay: recipe.weightDecay, seed: flags.seed,
        optimizer: recipe.optimizer, mixup: recipe.mixup, dropout: recipe.dropout, stochasticDepth: recipe.stochasticDepth, ema: recipe.ema,
      },
      trainBatches: batchSource(at(trainSplit), { batchSize: 64, seed: flags.seed, normalize: data.normalize }),
      evaluationBatches: batchSource(at(validation), { batchSize: 256, seed: 0, normalize: data.normalize, shuffle: false }),
      inputs: { data: { spec: flags.data, trainImages: flags.trainImages ?? null, split: 'nars 80/20' } },
      onEpoch: (log) => io.error(`  candidate ${id} epoch ${log.epoch + 1}/${epochs}: validation accuracy ${(log.evaluationAccuracy! * 100).toFixed(1)} %`),
    }).catch((error: unknown) => {
      throw explainRunError(error);
    });
    model.dispose();
    return logs.map((log) => log.evaluationAccuracy!);
  };
  const constraints = {
    ...(flags.targetMacs === undefined ? {} : { maxMacs: flags.targetMacs }),
    ...(flags.targetParams === undefined ? {} : { maxParams: flags.targetParams }),
  };
  const result = await narsRunWorkflow({
    space, out: flags.out, train, seed: flags.seed, constraints,
    ...(flags.pool === undefined ? {} : { pool: flags.pool }),
    ...(flags.firstBatch === undefined ? {} : { firstBatch: flags.firstBatch }),
    ...(flags.iterations === undefined ? {} : { iterations: flags.iterations }),
    ...(flags.perIteration === undefined ? {} : { perIteration: flags.perIteration }),
    ...(flags.pretrainCount === undefined ? {} : { pretrainCount: flags.pretrainCount }),
    onMessage: (m) => io.error(m),
  });
  const accuracyAt = (accuracies: number[]) => accuracies[Math.min(result.earlyStopEpoch, accuracies.length) - 1]!;
  if (flags.json) {
    io.out(JSON.stringify({ out: flags.out, earlyStopEpoch: result.earlyStopEpoch, correlations: result.correlations, candidates: result.candidates.length, best: result.best }));
    return;
  }
  io.out(`${space.name}: ${result.candidates.length} candidates trained; early-stop epoch ${result.earlyStopEpoch}`);
  io.out(`best: candidate ${result.best.id}, validation accuracy ${(accuracyAt(result.best.accuracies) * 100).toFixed(2)} % at epoch ${Math.min(result.earlyStopEpoch, result.best.accuracies.length)}, ${(result.best.macs / 1e6).toFixed(3)} M MACs`);
  io.out(`predictor: ${join(flags.out, 'predictor')} (fbnas nars evolve --predictor ${join(flags.out, 'predictor')} --space ${flags.space} --target-macs N)`);
}
