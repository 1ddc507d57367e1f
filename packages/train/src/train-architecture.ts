import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  dispose, losses, memory, slice, tidy, type Scalar, type Tensor, type Variable,
} from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { deriveSeed, mulberry32, type ArchDefinition, type OpSpecRegistry } from '@fbnas/core';
import { buildModel, FbnasDropout, fileSystemIO } from '@fbnas/ops';
import { batchTensors, countBatches, countCorrect, type Batch, type BatchSource } from './batch';
import { soloGroup, type DataParallelGroup } from './data-parallel-group';
import { groupGradients, shardRows, shareOf } from './data-parallel-step';
import { cosineLearningRate } from './learning-rate';
import { firstNonFinite } from './non-finite';
import { mixupBatch, mixupPermutation, sampleBeta } from './mixup';
import { adam, momentumSgd, rmsprop, type StatefulOptimizer } from './optimizers';
import { NonFiniteLossError, RunFinishedError } from './run-errors';
import { appendJsonLine } from './run-files';
import { holdRunLock, openRunConfig, resetLog, type OpenedRunConfig } from './run-folder';
import type { RunLock } from './run-lock';
import { withWeightDecay } from './supernet';
import { restoreTrainCheckpoint, saveTrainCheckpoint } from './train-checkpoint';
import { validateTrainConfig } from './validate-config';
import { WeightAverage, withAveragedWeights } from './weight-average';
import type { TrainArchitectureConfig } from './train-config';

export { defaultTrainConfig } from './train-config';
export type { TrainArchitectureConfig, TrainOptimizer } from './train-config';

/** Random streams of a training run (`deriveSeed(seed, stream, epoch, step)`). */
const DROPOUT_STREAM = 0x64726f70;
const MIXUP_STREAM = 0x6d697875;

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

/** Inputs of `trainArchitecture`. */
export interface TrainArchitectureOptions {
  architecture: ArchDefinition;
  /**
   * The op specs the architecture's blocks resolve to (default: the built-ins, `createBuiltinOpSpecRegistry()` of
   * `@fbnas/ops/specs`); pass `createBuiltinOpSpecRegistry().extend([mySpec])` for an architecture using ops of
   * your own. Not recorded in config.json: the architecture names its ops.
   */
  ops?: OpSpecRegistry;
  config: TrainArchitectureConfig;
  /** Training batches per epoch; must depend only on the epoch (for exact resume). */
  trainBatches: BatchSource;
  /** Batches whose accuracy each epoch's log reports. */
  evaluationBatches?: BatchSource;
  /** Input shape `[H, W, C]`. */
  shape: readonly [number, number, number];
  classes: number;
  /**
   * Run folder: `config.json`, `train-log.jsonl`, `checkpoint/` (atomic, per epoch; removed once the model is
   * saved) and `model/` (the trained model, when every epoch is done). Without it nothing is written.
   */
  runFolder?: string;
  /** The run folder's lock when the caller holds it already (the caller releases it); else taken here. */
  lock?: RunLock;
  /** Everything besides `config` and `architecture` that determines the result (data spec, image counts…): saved in config.json and compared on resume. */
  inputs?: Record<string, unknown>;
  /** Extra JSON recorded in config.json and never compared (versions, date, machine). */
  metadata?: Record<string, unknown>;
  /**
   * Start over: discard the folder's trained model, checkpoint, log and config instead of refusing a finished
   * folder (`RunFinishedError`) or resuming an unfinished one.
   */
  force?: boolean;
  /** Stop after this epoch (exclusive), leaving a resumable run (for tests and time-boxed runs). */
  stopAfterEpoch?: number;
  onEpoch?: (log: TrainEpochLog) => void;
  /** Notes for the user: resuming, what a resume dropped, what `force` discarded. */
  onMessage?: (message: string) => void;
  /**
   * Train as one worker of a data-parallel group (`runDataParallelThreads`): every worker runs `trainArchitecture`
   * with the same options, takes its shard of each batch, and the gradients are summed over the group each step,
   * with synchronized batch norm, so the result equals the one-worker run at the same global batch. Rank 0 alone
   * locks and writes the run folder; the others only read its checkpoint to resume.
   */
  dataParallel?: DataParallelGroup;
}

/** What `trainArchitecture` returns; the caller owns (and disposes) the model. */
export interface TrainArchitectureResult {
  model: LayersModel;
  /** One per finished epoch, the resumed ones included. */
  logs: TrainEpochLog[];
  epochsCompleted: number;
}

/**
 * Trains an `fbnas.arch/v1` architecture from scratch (weights seeded by `config.seed`, any integer, 0
 * included): SGD with momentum, cosine schedule per step, L2 weight decay on kernels, batch-statistics BN.
 *
 * With a `runFolder` it locks the folder (see `acquireRunLock`), records `{train, architecture, inputs,
 * ...metadata}` in `config.json`, logs each epoch to `train-log.jsonl` and checkpoints after every epoch, so a
 * killed run continues from the last finished epoch and ends with the same weights as an uninterrupted one; the
 * finished model is saved to `<runFolder>/model` atomically. A step whose loss is not finite stops the run
 * before anything of that epoch is written.
 *
 * @throws FormatError naming the field of an invalid config (`train.epochs: expected a positive integer, got 0`).
 * @throws RunLockedError when another process holds the run folder.
 * @throws RunFinishedError when the folder holds a trained model and `force` is not set.
 * @throws RunMismatchError when the folder was started with another config, architecture or inputs.
 * @throws NonFiniteLossError when a loss (or, at the end of an epoch, a weight) becomes non-finite.
 */
export async function trainArchitecture(options: TrainArchitectureOptions): Promise<TrainArchitectureResult> {
  validateTrainConfig(options.config);
  const reserved = ['train', 'architecture', 'inputs'].filter((key) => options.metadata !== undefined && key in options.metadata);
  if (reserved.length > 0) throw new Error(`trainArchitecture: options.metadata must not hold ${reserved.join(', ')} (trainArchitecture writes them)`);
  if (options.runFolder === undefined || (options.dataParallel?.rank ?? 0) > 0) return train(options, options.runFolder ?? null);
  const lock = await holdRunLock(options.runFolder, options.lock, 'trainArchitecture');
  try {
    return await train(options, options.runFolder);
  } finally {
    await lock.release();
  }
}

async function train(options: TrainArchitectureOptions, folder: string | null): Promise<TrainArchitectureResult> {
  const { config } = options;
  const group = options.dataParallel ?? soloGroup();
  const writer = group.rank === 0;
  const say = writer ? options.onMessage ?? (() => undefined) : () => undefined;
  const paths = folder === null ? null : {
    config: join(folder, 'config.json'), checkpoint: join(folder, 'checkpoint'), log: join(folder, 'train-log.jsonl'),
    model: join(folder, 'model'), modelJson: join(folder, 'model', 'model.json'),
  };
  const determining = { train: config, architecture: options.architecture, ...(options.inputs === undefined ? {} : { inputs: options.inputs }) };
  // Checked before building the model (not with force: the folder starts over); written once it is resumed or cleared.
  let runConfig: OpenedRunConfig | null = null;
  if (folder !== null && paths !== null && writer) {
    if (!options.force && existsSync(paths.modelJson)) throw new RunFinishedError(folder, paths.modelJson);
    runConfig = await openRunConfig(paths.config, determining, { extra: options.metadata, write: 'later', startOver: options.force === true });
  }

  const model = buildModel(withHeadDropout(options.architecture, config.dropout ?? 0), {
    seed: config.seed, stochasticDepth: config.stochasticDepth ?? 0, ...(options.ops === undefined ? {} : { ops: options.ops }),
  });
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  const kernels = model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.read() as Variable);
  const dropouts = model.layers.filter((layer): layer is FbnasDropout => layer instanceof FbnasDropout);
  const optimizer = createOptimizer(config);
  const ema = (config.ema ?? 0) > 0 ? new WeightAverage(model, config.ema!) : null;
  try {
    const stepsPerEpoch = countBatches(options.trainBatches(0));
    if (stepsPerEpoch === 0) throw new Error('trainArchitecture: trainBatches(0) yields no batch (fewer images than one batch?)');
    const logs: TrainEpochLog[] = [];
    let startEpoch = 0;
    if (folder !== null && paths !== null && writer) {
      if (options.force) {
        for (const path of [paths.model, paths.checkpoint, paths.log]) await rm(path, { recursive: true, force: true });
        say(`${folder}: starting over (--force)`);
      } else if (existsSync(paths.checkpoint)) {
        const state = await restoreTrainCheckpoint(paths.checkpoint, model, optimizer, ema);
        startEpoch = state.epoch + 1;
        if (ema !== null) ema.updates = startEpoch * stepsPerEpoch;
        logs.push(...state.logs);
        say(`${folder}: resuming after epoch ${startEpoch} of ${config.epochs}`);
      }
      await runConfig?.write();
      await resetLog(paths.log, logs, say);
    }
    if (folder !== null && paths !== null && !writer) {
      // Rank 0 has checked, cleared (force) and resumed the folder; the others resume from the same checkpoint.
      group.barrier();
      if (existsSync(paths.checkpoint)) {
        const state = await restoreTrainCheckpoint(paths.checkpoint, model, optimizer, ema);
        startEpoch = state.epoch + 1;
        if (ema !== null) ema.updates = startEpoch * stepsPerEpoch;
        logs.push(...state.logs);
      }
    } else if (folder !== null && group.size > 1) {
      group.barrier();
    }

    const endEpoch = Math.min(config.epochs, options.stopAfterEpoch ?? config.epochs);
    for (let epoch = startEpoch; epoch < endEpoch; epoch++) {
      const lastGoodEpoch = folder !== null && epoch > 0 ? epoch - 1 : null;
      const started = Date.now();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let step = 0;
      let learningRate = config.learningRate;
      for (const batch of options.trainBatches(epoch)) {
        learningRate = cosineLearningRate(config.learningRate, epoch * stepsPerEpoch + step, config.epochs * stepsPerEpoch);
        const tensors = batchTensors(batch, options.shape, options.classes);
        let x: Tensor = tensors.x;
        let y: Tensor = tensors.y;
        let rows: { start: number; end: number } | null = null;
        try {
          rows = group.size > 1 ? shardRows(batch.size, group) : null;
        } catch (error) {
          dispose([x, y]);
          throw error;
        }
        for (const layer of dropouts) {
          layer.stepSeed = deriveSeed(config.seed, DROPOUT_STREAM, epoch, step);
          layer.stepRows = rows === null ? null : { start: rows.start, total: batch.size };
        }
        if ((config.mixup ?? 0) > 0) {
          const random = mulberry32(deriveSeed(config.seed, MIXUP_STREAM, epoch, step));
          const lambda = sampleBeta(config.mixup!, random);
          const mixed = mixupBatch(x, y, lambda, mixupPermutation(batch.size, random));
          dispose([x, y]);
          ({ x, y } = mixed);
        }
        if (rows !== null) {
          // Mixed over the global batch (as one worker mixes), then this worker's rows.
          const [xs, ys] = [slice(x, rows.start, rows.end - rows.start), slice(y, rows.start, rows.end - rows.start)];
          dispose([x, y]);
          [x, y] = [xs, ys];
        }
        const share = rows === null ? 1 : (rows.end - rows.start) / batch.size;
        let batchCorrect = 0;
        const { value: loss, grads, counted: stepCorrect } = groupGradients(group, variables, () => {
          const logits = model.apply(x, { training: true }) as Tensor;
          batchCorrect = countCorrect(logits, y);
          return shareOf(withWeightDecay(losses.softmaxCrossEntropy(y, logits), kernels, config.weightDecay) as Scalar, share);
        }, () => batchCorrect);
        dispose([x, y]);
        if (!Number.isFinite(loss)) {
          dispose(grads.filter((g): g is Tensor => g !== undefined));
          throw new NonFiniteLossError({ value: loss, epoch, step, phase: 'weights', lastGoodEpoch, ...(folder === null ? {} : { runFolder: folder }) });
        }
        optimizer.step(variables, grads, learningRate);
        ema?.update();
        lossSum += loss * batch.size;
        correct += stepCorrect;
        seen += batch.size;
        dispose(grads.filter((g): g is Tensor => g !== undefined));
        step += 1;
      }
      const bad = firstNonFinite(model.weights.map((w) => [w.originalName, w.read()] as [string, Tensor]));
      if (bad !== null) {
        throw new NonFiniteLossError({
          value: bad.value, epoch, step: null, phase: 'weights', lastGoodEpoch, variable: bad.name, ...(folder === null ? {} : { runFolder: folder }),
        });
      }
      const evaluationAccuracy = options.evaluationBatches && writer
        ? withAveragedWeights(ema, () => evaluateAccuracy(model, options.evaluationBatches!(0), options.shape, options.classes))
        : null;
      const log: TrainEpochLog = {
        epoch, learningRate, loss: lossSum / Math.max(seen, 1), accuracy: correct / Math.max(seen, 1), evaluationAccuracy,
        seconds: (Date.now() - started) / 1000, numTensors: memory().numTensors,
      };
      logs.push(log);
      if (paths !== null && writer) {
        await appendJsonLine(paths.log, log);
        await saveTrainCheckpoint(paths.checkpoint, model, optimizer, ema, { epoch, logs });
      }
      options.onEpoch?.(log);
    }
    // The finished model is the EMA model when an EMA is kept.
    if (endEpoch === config.epochs) ema?.writeInto();
    if (paths !== null && writer && endEpoch === config.epochs) {
      await model.save(fileSystemIO(paths.model));
      await rm(paths.checkpoint, { recursive: true, force: true });
    }
    return { model, logs, epochsCompleted: endEpoch };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
    ema?.dispose();
  }
}

/** The recipe's optimizer: SGD with momentum (default), RMSprop (TF's EfficientNet settings) or Adam. */
function createOptimizer(config: TrainArchitectureConfig): StatefulOptimizer {
  switch (config.optimizer ?? 'sgd') {
    case 'rmsprop':
      return rmsprop({ alpha: 0.9, epsilon: 1e-3, momentum: config.momentum });
    case 'adam':
      return adam();
    default:
      return momentumSgd(config.momentum);
  }
}

/** The architecture with its classifier head's `dropout` set (a copy; unchanged when `dropout` is 0). */
function withHeadDropout(architecture: ArchDefinition, dropout: number): ArchDefinition {
  if (dropout === 0) return architecture;
  const head = architecture.head ?? { op: 'classifier' };
  if (head.op !== 'classifier') {
    throw new Error(`trainArchitecture: train.dropout: the architecture's head '${head.op}' takes no dropout (expected the 'classifier' head)`);
  }
  return { ...architecture, head: { ...head, args: { ...(head.args ?? {}), dropout } } };
}

/** Top-1 accuracy of `model` (inference mode) over `batches`. */
export function evaluateAccuracy(
  model: LayersModel,
  batches: Iterable<Batch>,
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
