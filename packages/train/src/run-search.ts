import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  add, dispose, expandDims, losses, mean, memory, slice, softmax, tidy, tile,
  type Scalar, type Tensor, type Tensor2D,
} from '@tensorflow/tfjs-core';
import { deriveSeed, FormatError } from '@fbnas/core';
import { gumbelSoftmax, temperatureSchedule } from '@fbnas/gumbel';
import { soloGroup, type DataParallelGroup } from './data-parallel-group';
import { groupGradients, shardBatch, shardRows, shareOf } from './data-parallel-step';
import { batchTensors, countBatches, countCorrect, type BatchSource } from './batch';
import { latencyAwareLoss } from './latency-loss';
import { cosineLearningRate } from './learning-rate';
import { loadNamedTensors, saveNamedTensors } from './named-tensors-file';
import { firstNonFinite } from './non-finite';
import { adam, momentumSgd, type StatefulOptimizer } from './optimizers';
import { NonFiniteCostError, NonFiniteLossError } from './run-errors';
import { appendJsonLine, writeJsonAtomic } from './run-files';
import { holdRunLock, openRunConfig, resetLog } from './run-folder';
import type { RunLock } from './run-lock';
import type { SearchConfig } from './search-config';
import { createSupernet, snapshot, withWeightDecay, type Supernet, type SupernetLayout } from './supernet';
import { validateSearchConfig } from './validate-config';

/** What one search epoch reports (also one line of `log.jsonl`). */
export interface SearchEpochLog {
  epoch: number;
  temperature: number;
  weightLearningRate: number;
  weightLoss: number;
  weightAccuracy: number;
  architectureLoss: number | null;
  architectureAccuracy: number | null;
  /** Σ softmax(θ)·LUT, in the LUT's unit. */
  expectedLatency: number;
  /** softmax(θ) per searchable layer. */
  probabilities: Record<string, Record<string, number>>;
  argmax: Record<string, string>;
  /** What `annotate` added (e.g. the argmax architecture's MACs). */
  annotations?: Record<string, unknown>;
  seconds: number;
  numTensors: number;
}

/** Inputs of `runSearch`. */
export interface RunSearchOptions {
  /** The DNAS supernet's layout (its name is recorded in config.json). */
  layout: { name: string } & Partial<SupernetLayout>;
  /** Builds the supernet from the seed instead of `createSupernet(layout)` (e.g. `createMaskedSupernet`). */
  buildSupernet?: (seed: number) => Supernet;
  /** Extra fields for each epoch's log line, from the current argmax (e.g. the derived architecture's MACs). */
  annotate?: (argmax: Record<string, string>) => Record<string, unknown>;
  config: SearchConfig;
  /** Run folder: `config.json`, `log.jsonl`, `checkpoint/` (atomic, per epoch), `search-result.json`. */
  runFolder: string;
  /** Batches for the weights (the 80 % split) and for θ (the 20 % split), per epoch. */
  weightBatches: BatchSource;
  architectureBatches: BatchSource;
  /** Input shape `[H, W, C]` and number of classes. */
  shape: readonly [number, number, number];
  classes: number;
  /** Differentiable expected cost of a mask/probability matrix `[layers, K]` (µs or MACs; > 1). */
  expectedCost: (probabilities: Tensor2D) => Scalar;
  /**
   * The cost term of θ's loss, from the step's Gumbel sample and the (masked) logits θ; default
   * `expectedCost(sample)`. E.g. the exact cost of θ's argmax with a straight-through gradient.
   */
  architectureCost?: (sample: Tensor2D, theta: Tensor2D) => Scalar;
  /**
   * Everything besides `config` that determines the result (e.g. data spec and image counts, the LUT's hash, the
   * space's hash, the cost kind): saved in config.json as `inputs` and compared on resume, field by field, with
   * `config` and the layout's name; a difference throws `RunMismatchError`.
   */
  inputs?: Record<string, unknown>;
  /** Extra JSON recorded in config.json and never compared (versions, date, machine). */
  metadata?: Record<string, unknown>;
  /**
   * The run folder's lock when the caller already holds it (`acquireRunLock(runFolder)`), e.g. to write more
   * files into the folder under the same lock; the caller releases it. Without it `runSearch` takes the lock
   * itself and releases it when it returns or throws.
   */
  lock?: RunLock;
  /** Notes for the user: what a resume dropped (log lines after the checkpoint, a torn last line). */
  onMessage?: (message: string) => void;
  /** Stop after this epoch (exclusive), leaving a resumable run (for tests and time-boxed runs). */
  stopAfterEpoch?: number;
  onEpoch?: (log: SearchEpochLog) => void;
  onStep?: (phase: 'weights' | 'architecture', epoch: number, step: number) => void;
  /**
   * Search as one worker of a data-parallel group (`runDataParallelThreads`): every worker runs `runSearch` with
   * the same options and takes its shard of each batch; weight and θ gradients are summed over the group each
   * step, batch norms are synchronized and per-example Gumbel samples drawn for the global batch, so the search
   * equals the one-worker search at the same global batch. Rank 0 alone locks and writes the run folder.
   */
  dataParallel?: DataParallelGroup;
}

/** The outcome of a search: final θ, the argmax architecture and per-layer probabilities. */
export interface SearchResult {
  epochsCompleted: number;
  theta: number[][];
  layerIds: string[];
  candidateNames: string[][];
  argmax: Record<string, string>;
  probabilities: Record<string, Record<string, number>>;
  logs: SearchEpochLog[];
}

/**
 * FBNet's DNAS: per epoch, the supernet weights are trained on the weight split with θ fixed (SGD, momentum,
 * cosine schedule, weight decay) and then — after the warm-up epochs — θ is trained on the architecture split
 * with Adam on the latency-aware loss, the candidates mixed by Gumbel-softmax samples of θ at the epoch's
 * temperature. Every random draw derives from `config.seed` (any integer, 0 included) and its (epoch, step), the
 * data order from the epoch, and the run folder is checkpointed atomically after every epoch, so `runSearch` on
 * an interrupted folder resumes where it stopped and ends with the same θ and weights as an uninterrupted run.
 *
 * The run folder is locked while the search runs (`<runFolder>/.lock`, see `acquireRunLock`; pass `lock` when
 * holding it already). config.json records `{search, layout, inputs, ...metadata}` and is written only after the
 * config is validated and the cost checked. A step whose loss is NaN or ±Infinity stops the run before anything
 * of that epoch is written: the folder keeps the previous epoch's checkpoint, from which it resumes.
 *
 * @throws FormatError naming the field of an invalid config (`search.batchSize: expected a positive integer, got 0`).
 * @throws RunLockedError when another process holds the run folder.
 * @throws RunMismatchError when the folder was started with another config, layout or inputs.
 * @throws NonFiniteCostError when the expected cost of the initial (uniform) θ is not finite.
 * @throws NonFiniteLossError when a loss (or, at the end of an epoch, a variable) becomes non-finite.
 */
export async function runSearch(options: RunSearchOptions): Promise<SearchResult> {
  validateSearchConfig(options.config);
  if (!options.buildSupernet && !Array.isArray(options.layout.items)) {
    throw new Error('runSearch: expected a supernet layout with items, or a buildSupernet function');
  }
  const reserved = ['search', 'layout', 'inputs'].filter((key) => options.metadata !== undefined && key in options.metadata);
  if (reserved.length > 0) throw new Error(`runSearch: options.metadata must not hold ${reserved.join(', ')} (runSearch writes them)`);
  if ((options.dataParallel?.rank ?? 0) > 0) return searchLockedFolder(options);
  const lock = await holdRunLock(options.runFolder, options.lock, 'runSearch');
  try {
    return await searchLockedFolder(options);
  } finally {
    await lock.release();
  }
}

async function searchLockedFolder(options: RunSearchOptions): Promise<SearchResult> {
  const { config, runFolder } = options;
  const group = options.dataParallel ?? soloGroup();
  const writer = group.rank === 0;
  const say = writer ? options.onMessage ?? (() => undefined) : () => undefined;
  const configPath = join(runFolder, 'config.json');
  const checkpointPath = join(runFolder, 'checkpoint');
  const logPath = join(runFolder, 'log.jsonl');
  const determining = { search: config, layout: options.layout.name, ...(options.inputs === undefined ? {} : { inputs: options.inputs }) };
  // Checked before building the supernet; written on a new run only once its preparation has succeeded (below).
  const runConfig = writer ? await openRunConfig(configPath, determining, { extra: options.metadata, write: 'later' }) : null;

  const supernet = options.buildSupernet ? options.buildSupernet(config.seed) : createSupernet(options.layout as SupernetLayout, config.seed);
  if (config.gumbelSamples === 'example' && !supernet.perExampleMasks) {
    supernet.dispose();
    throw new FormatError('search.gumbelSamples', `expected "batch": this supernet (${options.layout.name}) takes one mask per batch, not one per example`);
  }
  const weightOptimizer = momentumSgd(config.weightMomentum);
  const architectureOptimizer = adam({ weightDecay: config.architectureWeightDecay });
  try {
    const maskedTheta = () => add(supernet.theta, supernet.thetaMask) as Tensor2D;
    const initial = describeTheta(supernet.layerIds, supernet.candidateNames, maskedTheta, options.expectedCost);
    if (!Number.isFinite(initial.expectedLatency)) throw new NonFiniteCostError(initial.expectedLatency);
    const stepsPerEpoch = countBatches(options.weightBatches(0));
    if (stepsPerEpoch === 0) throw new Error('runSearch: weightBatches(0) yields no batch (fewer images than one batch?)');
    await runConfig?.write();

    const logs: SearchEpochLog[] = [];
    let startEpoch = 0;
    // Rank 0 checks the folder first; the other workers then resume from the same checkpoint.
    if (!writer) group.barrier();
    if (existsSync(checkpointPath)) {
      const state = await restoreCheckpoint(checkpointPath, supernet, weightOptimizer, architectureOptimizer);
      startEpoch = state.epoch + 1;
      logs.push(...state.logs);
      say(`${runFolder}: resuming after epoch ${startEpoch} of ${config.epochs}`);
    }
    // Drop log lines written after the checkpoint (the run died between the two writes) and a torn last line.
    if (writer) await resetLog(logPath, logs, say);
    if (writer && group.size > 1) group.barrier();

    const endEpoch = Math.min(config.epochs, options.stopAfterEpoch ?? config.epochs);
    for (let epoch = startEpoch; epoch < endEpoch; epoch++) {
      const log = trainEpoch(options, epoch, { supernet, weightOptimizer, architectureOptimizer, maskedTheta, stepsPerEpoch, group });
      const bad = firstNonFinite(supernet.namedVariables());
      if (bad !== null) {
        throw new NonFiniteLossError({
          value: bad.value, epoch, step: null, phase: bad.name === 'theta' ? 'architecture' : 'weights',
          lastGoodEpoch: epoch > 0 ? epoch - 1 : null, runFolder, variable: bad.name,
        });
      }
      logs.push(log);
      if (writer) {
        await appendJsonLine(logPath, log);
        const tensors = { ...snapshot(supernet.namedVariables()), ...weightOptimizer.state('weights'), ...architectureOptimizer.state('architecture') };
        try {
          await saveNamedTensors(checkpointPath, tensors, { epoch, logs });
        } finally {
          dispose(Object.values(tensors));
        }
      }
      options.onEpoch?.(log);
    }

    const final = describeTheta(supernet.layerIds, supernet.candidateNames, maskedTheta, options.expectedCost);
    const result: SearchResult = {
      epochsCompleted: endEpoch,
      theta: supernet.theta.arraySync() as number[][],
      layerIds: supernet.layerIds,
      candidateNames: supernet.candidateNames,
      argmax: final.argmax,
      probabilities: final.probabilities,
      logs,
    };
    if (endEpoch === config.epochs && writer) await writeJsonAtomic(join(runFolder, 'search-result.json'), result);
    return result;
  } finally {
    supernet.dispose();
    weightOptimizer.dispose();
    architectureOptimizer.dispose();
  }
}

/** Restores variables and optimizer state from a checkpoint; returns its state (last epoch, logs). */
async function restoreCheckpoint(
  path: string,
  supernet: Supernet,
  weightOptimizer: StatefulOptimizer,
  architectureOptimizer: StatefulOptimizer,
): Promise<{ epoch: number; logs: SearchEpochLog[] }> {
  const { tensors, state } = await loadNamedTensors<{ epoch: number; logs: SearchEpochLog[] }>(path);
  try {
    for (const [name, variable] of supernet.namedVariables()) {
      const saved = tensors[name];
      if (!saved) throw new Error(`${path}: missing tensor '${name}'; the checkpoint is from another supernet`);
      variable.assign(saved);
    }
    weightOptimizer.restore('weights', tensors);
    architectureOptimizer.restore('architecture', tensors);
  } finally {
    dispose(Object.values(tensors));
  }
  return state;
}

interface EpochContext {
  supernet: Supernet;
  weightOptimizer: StatefulOptimizer;
  architectureOptimizer: StatefulOptimizer;
  maskedTheta: () => Tensor2D;
  stepsPerEpoch: number;
  group: DataParallelGroup;
}

/**
 * One search epoch: the weights on the weight split, then (after the warm-up) θ on the architecture split.
 * @throws NonFiniteLossError before applying a step whose loss is not finite.
 */
function trainEpoch(options: RunSearchOptions, epoch: number, context: EpochContext): SearchEpochLog {
  const { config, runFolder } = options;
  const { supernet, weightOptimizer, architectureOptimizer, maskedTheta, stepsPerEpoch, group } = context;
  const lastGoodEpoch = epoch > 0 ? epoch - 1 : null;
  const architectureSteps = config.architectureSchedule === 'cosine' ? countBatches(options.architectureBatches(0)) : 0;
  const architectureRate = (step: number) => config.architectureSchedule === 'cosine'
    ? cosineLearningRate(config.architectureLearningRate, (epoch - config.warmupEpochs) * architectureSteps + step, (config.epochs - config.warmupEpochs) * architectureSteps)
    : config.architectureLearningRate;
  const started = Date.now();
  const temperature = temperatureSchedule(config.temperature)(epoch);
  let weightLoss = 0;
  let weightCorrect = 0;
  let weightSeen = 0;
  let step = 0;
  let learningRate = config.weightLearningRate;
  for (const batch of options.weightBatches(epoch)) {
    learningRate = cosineLearningRate(config.weightLearningRate, epoch * stepsPerEpoch + step, config.epochs * stepsPerEpoch);
    const shard = shardBatch(batch, group);
    const rows = shardRows(batch.size, group);
    const share = shard.size / batch.size;
    const { x, y } = batchTensors(shard, options.shape, options.classes);
    const mask = tidy(() => shardMask(drawMask(maskedTheta(), batch.size, config, temperature, deriveSeed(config.seed, epoch, step, 1)), rows));
    let correct = 0;
    const { value, grads, counted } = groupGradients(group, supernet.weights, () => {
      const logits = supernet.forward(x, { mask, training: true, mode: config.mode });
      correct = countCorrect(logits, y);
      const ce = losses.softmaxCrossEntropy(y, logits) as Scalar;
      return shareOf(withWeightDecay(ce, supernet.kernels, config.weightDecay) as Scalar, share);
    }, () => correct);
    correct = counted;
    dispose([x, y, mask]);
    if (!Number.isFinite(value)) {
      dispose(grads.filter((g): g is Tensor => g !== undefined));
      throw new NonFiniteLossError({ value, epoch, step, phase: 'weights', lastGoodEpoch, runFolder });
    }
    weightOptimizer.step(supernet.weights, grads, learningRate);
    weightLoss += value * batch.size;
    weightCorrect += correct;
    weightSeen += batch.size;
    dispose(grads.filter((g): g is Tensor => g !== undefined));
    options.onStep?.('weights', epoch, step);
    step += 1;
  }

  let architectureLoss: number | null = null;
  let architectureAccuracy: number | null = null;
  const architectureTemperature = config.architectureTemperature ? temperatureSchedule(config.architectureTemperature)(epoch) : temperature;
  if (epoch >= config.warmupEpochs) {
    let total = 0;
    let correctTotal = 0;
    let seen = 0;
    let archStep = 0;
    for (const batch of options.architectureBatches(epoch)) {
      const shard = shardBatch(batch, group);
      const rows = shardRows(batch.size, group);
      const { x, y } = batchTensors(shard, options.shape, options.classes);
      let correct = 0;
      const { value, grads, counted } = groupGradients(group, [supernet.theta], () => {
        const whole = drawMask(maskedTheta(), batch.size, config, architectureTemperature, deriveSeed(config.seed, epoch, archStep, 2));
        const mask = shardMask(whole, rows);
        const logits = supernet.forward(x, { mask, training: true, mode: config.mode });
        correct = countCorrect(logits, y);
        const ce = losses.softmaxCrossEntropy(y, logits) as Scalar;
        // Per example, the cost of the mean sample (over the global batch): the mean of the examples' costs when the cost is linear.
        const sample = (whole.rank === 3 ? mean(whole, 0) : whole) as Tensor2D;
        const cost = options.architectureCost ? options.architectureCost(sample, maskedTheta()) : options.expectedCost(sample);
        return shareOf(latencyAwareLoss(ce, cost, config.loss), shard.size / batch.size);
      }, () => correct);
      correct = counted;
      dispose([x, y]);
      if (!Number.isFinite(value)) {
        dispose(grads.filter((g): g is Tensor => g !== undefined));
        throw new NonFiniteLossError({ value, epoch, step: archStep, phase: 'architecture', lastGoodEpoch, runFolder });
      }
      architectureOptimizer.step([supernet.theta], grads, architectureRate(archStep));
      total += value * batch.size;
      correctTotal += correct;
      seen += batch.size;
      dispose(grads.filter((g): g is Tensor => g !== undefined));
      options.onStep?.('architecture', epoch, archStep);
      archStep += 1;
    }
    architectureLoss = total / Math.max(seen, 1);
    architectureAccuracy = correctTotal / Math.max(seen, 1);
  }

  const summary = describeTheta(supernet.layerIds, supernet.candidateNames, maskedTheta, options.expectedCost);
  return {
    epoch, temperature, weightLearningRate: learningRate,
    weightLoss: weightLoss / Math.max(weightSeen, 1), weightAccuracy: weightCorrect / Math.max(weightSeen, 1),
    architectureLoss, architectureAccuracy,
    ...summary,
    ...(options.annotate ? { annotations: options.annotate(summary.argmax) } : {}),
    seconds: (Date.now() - started) / 1000,
    numTensors: memory().numTensors,
  };
}

/**
 * A Gumbel-softmax sample of θ for one step: `[layers, K]` shared by the batch, or `[N, layers, K]` (one per
 * example) with `gumbelSamples: 'example'`.
 */
function drawMask(theta: Tensor2D, examples: number, config: SearchConfig, temperature: number, seed: number): Tensor {
  const hard = config.mode === 'sampled';
  if (config.gumbelSamples !== 'example') return gumbelSoftmax(theta, { temperature, seed, hard });
  return tidy(() => gumbelSoftmax(tile(expandDims(theta, 0), [examples, 1, 1]), { temperature, seed, hard }));
}

/** This worker's rows of a per-example mask `[N, layers, K]` (a per-batch mask `[layers, K]` as it is). */
function shardMask(mask: Tensor, rows: { start: number; end: number }): Tensor {
  if (mask.rank !== 3 || (rows.start === 0 && rows.end === mask.shape[0])) return mask;
  return slice(mask, rows.start, rows.end - rows.start);
}

function describeTheta(
  layerIds: string[],
  candidateNames: string[][],
  maskedTheta: () => Tensor2D,
  expectedCost: (probabilities: Tensor2D) => Scalar,
): { probabilities: Record<string, Record<string, number>>; argmax: Record<string, string>; expectedLatency: number } {
  const [rows, cost] = tidy(() => {
    const p = softmax(maskedTheta()) as Tensor2D;
    return [p, expectedCost(p)];
  });
  const values = rows!.arraySync() as number[][];
  const expectedLatency = cost!.dataSync()[0]!;
  dispose([rows!, cost!]);
  const probabilities: Record<string, Record<string, number>> = {};
  const argmax: Record<string, string> = {};
  layerIds.forEach((id, i) => {
    const names = candidateNames[i]!;
    probabilities[id] = Object.fromEntries(names.map((n, j) => [n, values[i]![j]!]));
    argmax[id] = names[values[i]!.slice(0, names.length).indexOf(Math.max(...values[i]!.slice(0, names.length)))]!;
  });
  return { probabilities, argmax, expectedLatency };
}


