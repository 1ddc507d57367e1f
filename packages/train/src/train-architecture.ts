import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  dispose, losses, memory, tidy, variableGrads, type Scalar, type Tensor, type Variable,
} from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ArchDefinition } from '@fbnas/core';
import { buildModel, fileSystemIO } from '@fbnas/ops';
import { batchTensors, countBatches, countCorrect, type BatchSource } from './batch';
import { cosineLearningRate } from './learning-rate';
import { momentumSgd } from './optimizers';
import { appendJsonLine } from './run-files';
import { withWeightDecay } from './supernet';

/** Settings of training an architecture from scratch. */
export interface TrainArchitectureConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  momentum: number;
  weightDecay: number;
  seed: number;
}

/** Defaults for small images: SGD lr 0.05 (batch 64), momentum 0.9, weight decay 5e-4, cosine to 0. */
export function defaultTrainConfig(overrides: Partial<TrainArchitectureConfig> & { epochs: number }): TrainArchitectureConfig {
  return { batchSize: 64, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, seed: 0, ...overrides };
}

/** One epoch of `trainArchitecture`. */
export interface TrainEpochLog {
  epoch: number;
  learningRate: number;
  loss: number;
  accuracy: number;
  /** Accuracy on the evaluation batches, when given. */
  evaluationAccuracy: number | null;
  seconds: number;
  numTensors: number;
}

/**
 * Trains an `fbnas.arch/v1` architecture from scratch (weights seeded by `config.seed`): SGD with momentum,
 * cosine schedule per step, L2 weight decay on kernels, batch-statistics BN. Logs each epoch to
 * `<runFolder>/train-log.jsonl` and saves the model to `<runFolder>/model` (atomically) when `runFolder` is given.
 */
export async function trainArchitecture(options: {
  architecture: ArchDefinition;
  config: TrainArchitectureConfig;
  trainBatches: BatchSource;
  evaluationBatches?: BatchSource;
  shape: readonly [number, number, number];
  classes: number;
  runFolder?: string;
  onEpoch?: (log: TrainEpochLog) => void;
}): Promise<{ model: LayersModel; logs: TrainEpochLog[] }> {
  const { config } = options;
  const model = buildModel(options.architecture, { seed: config.seed });
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  const kernels = model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.read() as Variable);
  const optimizer = momentumSgd(config.momentum);
  const stepsPerEpoch = countBatches(options.trainBatches(0));
  const logs: TrainEpochLog[] = [];
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const started = Date.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let step = 0;
    let learningRate = config.learningRate;
    for (const batch of options.trainBatches(epoch)) {
      learningRate = cosineLearningRate(config.learningRate, epoch * stepsPerEpoch + step, config.epochs * stepsPerEpoch);
      const { x, y } = batchTensors(batch, options.shape, options.classes);
      let batchCorrect = 0;
      const { value, grads } = variableGrads(() => {
        const logits = model.apply(x, { training: true }) as Tensor;
        batchCorrect = countCorrect(logits, y);
        return withWeightDecay(losses.softmaxCrossEntropy(y, logits), kernels, config.weightDecay) as Scalar;
      }, variables);
      optimizer.step(variables, variables.map((v) => grads[v.name]), learningRate);
      lossSum += value.dataSync()[0]! * batch.size;
      correct += batchCorrect;
      seen += batch.size;
      dispose([x, y, value, ...Object.values(grads)]);
      step += 1;
    }
    const evaluationAccuracy = options.evaluationBatches ? evaluateAccuracy(model, options.evaluationBatches(0), options.shape, options.classes) : null;
    const log: TrainEpochLog = {
      epoch, learningRate, loss: lossSum / Math.max(seen, 1), accuracy: correct / Math.max(seen, 1), evaluationAccuracy,
      seconds: (Date.now() - started) / 1000, numTensors: memory().numTensors,
    };
    logs.push(log);
    if (options.runFolder) await appendJsonLine(join(options.runFolder, 'train-log.jsonl'), log);
    options.onEpoch?.(log);
  }
  optimizer.dispose();
  if (options.runFolder) await model.save(fileSystemIO(join(options.runFolder, 'model')));
  return { model, logs };
}

/** Top-1 accuracy of `model` (inference mode) over `batches`. */
export function evaluateAccuracy(
  model: LayersModel,
  batches: Iterable<import('./batch').Batch>,
  shape: readonly [number, number, number],
  classes: number,
): number {
  let correct = 0;
  let seen = 0;
  for (const batch of batches) {
    const { x, y } = batchTensors(batch, shape, classes);
    correct += tidy(() => countCorrect(model.predict(x) as Tensor, y));
    seen += batch.size;
    dispose([x, y]);
  }
  return correct / Math.max(seen, 1);
}

/** True when a run folder already holds a trained model. */
export function hasTrainedModel(runFolder: string): boolean {
  return existsSync(join(runFolder, 'model', 'model.json'));
}
