import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { zeros } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { splitDataset, type Dataset } from '@fbnas/data';
import { countArch, validateArch, type ArchDefinition, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { settledLatency } from '@fbnas/latency';
import {
  defaultTrainConfig, evaluateAccuracy, readJson, RunFinishedError, trainArchitecture, writeJsonAtomic,
  type DataParallelGroup, type TrainArchitectureConfig, type TrainEpochLog,
} from '@fbnas/train';
import { atResolution, batchSource, limit, loadData } from './load-data';
import { withRunFolder } from './run-folder';
import { runMetadata } from './run-metadata';

/** Options of `trainWorkflow` (the `fbnas train` command). */
export interface TrainWorkflowOptions {
  /** An `fbnas.arch/v1` document, or the path of one. */
  architecture: ArchDefinition | string;
  /**
   * The op specs the architecture's blocks resolve to (default: the built-ins); `createBuiltinOpSpecRegistry()
   * .extend([mySpec])` for an architecture with ops of your own.
   */
  ops?: OpSpecRegistry;
  data: string;
  out: string;
  epochs: number;
  seed: number;
  trainImages?: number;
  /**
   * Hold out this share (0–1, exclusive) of the training images, a stratified seeded split: the model trains on
   * the rest, and `validationAccuracy` is its top-1 on the held-out images (e.g. to choose between architectures
   * without looking at the test set).
   */
  validationFraction?: number;
  config?: Partial<TrainArchitectureConfig>;
  /** Train again from scratch although `out` holds a finished (or interrupted, differently configured) run. */
  force?: boolean;
  onEpoch?: (log: TrainEpochLog) => void;
  onMessage?: (message: string) => void;
  /**
   * Train as one worker of a data-parallel group (`trainArchitecture`'s `dataParallel`; see `trainDataParallel`).
   * Rank 0 holds the folder and tests and measures the model; the other ranks only train and return no result.
   */
  dataParallel?: DataParallelGroup;
}

/** What `trainWorkflow` produced (also `<out>/result.json`). */
export interface TrainWorkflowResult {
  architecture: string;
  testAccuracy: number;
  /** Top-1 on the held-out training images (only with `validationFraction`). */
  validationAccuracy?: number;
  /** Median batch-1 inference latency measured here (µs). */
  measuredLatencyUs: number;
  logs: TrainEpochLog[];
}

/**
 * `fbnas train --arch`: trains an architecture from scratch on the training set (nearest-neighbour subsampled to
 * the architecture's input size when that is smaller than the data's, as a resolution search derives), evaluates top-1 on the test
 * set, measures its batch-1 latency on the active backend (`settledLatency`), and saves the model (`<out>/model`), logs and
 * `result.json`. Holds the folder's lock; re-running on an interrupted folder resumes from its last epoch, on a
 * finished one throws `RunFinishedError` unless `force`.
 */
export async function trainWorkflow(options: TrainWorkflowOptions): Promise<TrainWorkflowResult & { model: LayersModel }> {
  const say = options.onMessage ?? (() => {});
  await selectBackend({ onWarning: say });
  const architecture = typeof options.architecture === 'string'
    ? validateArch(await readJson(options.architecture))
    : validateArch(options.architecture);
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  // Every op known and every block planned before the run folder holds anything.
  try {
    countArch(architecture, ops);
  } catch (error) {
    if (typeof options.architecture !== 'string') throw error;
    throw new Error(`${options.architecture}: ${(error as Error).message}`, { cause: error });
  }
  const data = atResolution(await loadData(options.data), architecture.inputSize);
  const fraction = options.validationFraction;
  if (fraction !== undefined && !(fraction > 0 && fraction < 1)) throw new Error(`trainWorkflow: validationFraction: expected a number in (0, 1), got ${fraction}`);
  const limited = limit(data.train, options.trainImages, options.seed);
  const { first: train, second: validation } = fraction === undefined
    ? { first: limited, second: null }
    : splitDataset(limited, { fraction: 1 - fraction, seed: options.seed });
  const shape = [architecture.inputSize, architecture.inputSize, architecture.inputChannels ?? 3] as const;
  const config = defaultTrainConfig({ epochs: options.epochs, seed: options.seed, ...options.config });
  // trainArchitecture compares these, the config and the architecture itself on resume.
  const inputs = { data: { spec: options.data, trainImages: options.trainImages ?? null, count: train.count, ...(fraction === undefined ? {} : { validationFraction: fraction }) } };
  const trainBatches = batchSource(train, { batchSize: config.batchSize, seed: options.seed, normalize: data.normalize });
  const group = options.dataParallel;
  if (group !== undefined && group.rank > 0) {
    // Rank 0 holds the folder's lock and writes it; this worker trains its shards and reads the checkpoint to resume.
    const { model, logs } = await trainArchitecture({
      architecture, ops, config, shape, classes: architecture.numClasses ?? 1000, runFolder: options.out, inputs, force: options.force, trainBatches, dataParallel: group,
    });
    return { architecture: architecture.name, testAccuracy: Number.NaN, measuredLatencyUs: Number.NaN, logs, model };
  }
  return withRunFolder(options.out, options.force ? {} : { train: config, architecture, inputs }, async (lock) => {
    const modelJson = join(options.out, 'model', 'model.json');
    if (!options.force && existsSync(modelJson)) throw new RunFinishedError(options.out, modelJson);
    say(`training ${architecture.name} on ${train.count} images for ${config.epochs} epochs`);
    const { model, logs } = await trainArchitecture({
      architecture, ops, config, shape, classes: architecture.numClasses ?? 1000, runFolder: options.out, lock, inputs, force: options.force,
      trainBatches, ...(group === undefined ? {} : { dataParallel: group }),
      metadata: { ...(await runMetadata()), ...(group === undefined ? {} : { dataParallelWorkers: group.size }) },
      onMessage: say,
      onEpoch: options.onEpoch,
    });
    const accuracyOn = (images: Dataset) => evaluateAccuracy(model, batchSource(images, { batchSize: 256, seed: 0, normalize: data.normalize, shuffle: false })(0), shape, architecture.numClasses ?? 1000);
    const testAccuracy = accuracyOn(data.test);
    const validationAccuracy = validation === null ? undefined : accuracyOn(validation);
    // Passes until the median settles: a model new to the backend runs slow for its first hundred or so predicts.
    const input = zeros([1, ...shape]);
    const measuredLatencyUs = settledLatency(model, input).medianUs;
    input.dispose();
    const result = { architecture: architecture.name, testAccuracy, ...(validationAccuracy === undefined ? {} : { validationAccuracy }), measuredLatencyUs, logs };
    await writeJsonAtomic(join(options.out, 'result.json'), result);
    return { ...result, model };
  });
}
