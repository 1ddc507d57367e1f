import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  add, dispose, losses, memory, softmax, tidy, variableGrads,
  type Scalar, type Tensor, type Tensor2D, type Variable,
} from '@tensorflow/tfjs-core';
import { deriveSeed, gumbelSoftmax, temperatureSchedule } from '@fbnas/gumbel';
import { batchTensors, countBatches, countCorrect, type BatchSource } from './batch';
import { latencyAwareLoss } from './latency-loss';
import { cosineLearningRate } from './learning-rate';
import { loadNamedTensors, saveNamedTensors } from './named-tensors-file';
import { adam, momentumSgd } from './optimizers';
import { appendJsonLine, writeJsonAtomic } from './run-files';
import type { SearchConfig } from './search-config';
import { createSupernet, snapshot, withWeightDecay, type Supernet, type SupernetLayout } from './supernet';

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
  /** Extra JSON recorded in config.json (versions, hashes, space, data). */
  metadata?: Record<string, unknown>;
  /** Stop after this epoch (exclusive), leaving a resumable run (for tests and time-boxed runs). */
  stopAfterEpoch?: number;
  onEpoch?: (log: SearchEpochLog) => void;
  onStep?: (phase: 'weights' | 'architecture', epoch: number, step: number) => void;
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
 * temperature. Every random draw derives from `config.seed` and its (epoch, step), the data order from the
 * epoch, and the run folder is checkpointed atomically after every epoch, so `runSearch` on an interrupted
 * folder resumes where it stopped and ends with the same θ as an uninterrupted run.
 *
 * @throws Error when the run folder holds a different config.
 */
export async function runSearch(options: RunSearchOptions): Promise<SearchResult> {
  const { config, runFolder } = options;
  const configPath = join(runFolder, 'config.json');
  const checkpointPath = join(runFolder, 'checkpoint');
  const logPath = join(runFolder, 'log.jsonl');
  if (existsSync(configPath)) {
    const saved = JSON.parse(await readFile(configPath, 'utf8')) as { search: SearchConfig };
    if (JSON.stringify(saved.search) !== JSON.stringify(config)) {
      throw new Error(`${configPath}: the run folder holds a different search config; use a new folder or the same config`);
    }
  } else {
    await writeJsonAtomic(configPath, { search: config, layout: options.layout.name, ...options.metadata });
  }

  if (!options.buildSupernet && !Array.isArray(options.layout.items)) {
    throw new Error('runSearch: expected a supernet layout with items, or a buildSupernet function');
  }
  const supernet = options.buildSupernet ? options.buildSupernet(config.seed) : createSupernet(options.layout as SupernetLayout, config.seed);
  const weightOptimizer = momentumSgd(config.weightMomentum);
  const architectureOptimizer = adam({ weightDecay: config.architectureWeightDecay });
  const tau = temperatureSchedule(config.temperature);
  const logs: SearchEpochLog[] = [];
  let startEpoch = 0;
  if (existsSync(checkpointPath)) {
    const { tensors, state } = await loadNamedTensors<{ epoch: number; logs: SearchEpochLog[] }>(checkpointPath);
    for (const [name, variable] of supernet.namedVariables()) {
      const saved = tensors[name];
      if (!saved) throw new Error(`${checkpointPath}: missing tensor '${name}'; the checkpoint is from another supernet`);
      variable.assign(saved);
    }
    weightOptimizer.restore('weights', tensors);
    architectureOptimizer.restore('architecture', tensors);
    dispose(Object.values(tensors));
    startEpoch = state.epoch + 1;
    logs.push(...state.logs);
    // Drop log lines written after the checkpoint (the run died between the two writes).
    await writeFile(logPath, logs.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }

  const maskedTheta = () => add(supernet.theta, supernet.thetaMask) as Tensor2D;
  const endEpoch = Math.min(config.epochs, options.stopAfterEpoch ?? config.epochs);
  const stepsPerEpoch = countBatches(options.weightBatches(0));
  const architectureSteps = config.architectureSchedule === 'cosine' ? countBatches(options.architectureBatches(0)) : 0;
  const architectureRate = (epoch: number, step: number) => config.architectureSchedule === 'cosine'
    ? cosineLearningRate(config.architectureLearningRate, (epoch - config.warmupEpochs) * architectureSteps + step, (config.epochs - config.warmupEpochs) * architectureSteps)
    : config.architectureLearningRate;
  for (let epoch = startEpoch; epoch < endEpoch; epoch++) {
    const started = Date.now();
    const temperature = tau(epoch);
    let weightLoss = 0;
    let weightCorrect = 0;
    let weightSeen = 0;
    let step = 0;
    let learningRate = config.weightLearningRate;
    for (const batch of options.weightBatches(epoch)) {
      learningRate = cosineLearningRate(config.weightLearningRate, epoch * stepsPerEpoch + step, config.epochs * stepsPerEpoch);
      const { x, y } = batchTensors(batch, options.shape, options.classes);
      const mask = tidy(() => gumbelSoftmax(maskedTheta(), { temperature, seed: deriveSeed(config.seed, epoch, step, 1), hard: config.mode === 'sampled' })) as Tensor2D;
      let correct = 0;
      const { value, grads } = variableGradsOf(supernet.weights, () => {
        const logits = supernet.forward(x, { mask, training: true, mode: config.mode });
        correct = countCorrect(logits, y);
        const ce = losses.softmaxCrossEntropy(y, logits) as Scalar;
        return withWeightDecay(ce, supernet.kernels, config.weightDecay) as Scalar;
      });
      weightOptimizer.step(supernet.weights, grads, learningRate);
      weightLoss += value * batch.size;
      weightCorrect += correct;
      weightSeen += batch.size;
      dispose([x, y, mask, ...grads.filter((g): g is Tensor => g !== undefined)]);
      options.onStep?.('weights', epoch, step);
      step += 1;
    }

    let architectureLoss: number | null = null;
    let architectureAccuracy: number | null = null;
    if (epoch >= config.warmupEpochs) {
      let total = 0;
      let correctTotal = 0;
      let seen = 0;
      let archStep = 0;
      for (const batch of options.architectureBatches(epoch)) {
        const { x, y } = batchTensors(batch, options.shape, options.classes);
        let correct = 0;
        const { value, grads } = variableGradsOf([supernet.theta], () => {
          const mask = gumbelSoftmax(maskedTheta(), { temperature, seed: deriveSeed(config.seed, epoch, archStep, 2), hard: config.mode === 'sampled' }) as Tensor2D;
          const logits = supernet.forward(x, { mask, training: true, mode: config.mode });
          correct = countCorrect(logits, y);
          const ce = losses.softmaxCrossEntropy(y, logits) as Scalar;
          const cost = options.architectureCost ? options.architectureCost(mask, maskedTheta()) : options.expectedCost(mask);
          return latencyAwareLoss(ce, cost, config.loss);
        });
        architectureOptimizer.step([supernet.theta], grads, architectureRate(epoch, archStep));
        total += value * batch.size;
        correctTotal += correct;
        seen += batch.size;
        dispose([x, y, ...grads.filter((g): g is Tensor => g !== undefined)]);
        options.onStep?.('architecture', epoch, archStep);
        archStep += 1;
      }
      architectureLoss = total / Math.max(seen, 1);
      architectureAccuracy = correctTotal / Math.max(seen, 1);
    }

    const summary = describeTheta(supernet.layerIds, supernet.candidateNames, maskedTheta, options.expectedCost);
    const log: SearchEpochLog = {
      epoch, temperature, weightLearningRate: learningRate,
      weightLoss: weightLoss / Math.max(weightSeen, 1), weightAccuracy: weightCorrect / Math.max(weightSeen, 1),
      architectureLoss, architectureAccuracy,
      ...summary,
      ...(options.annotate ? { annotations: options.annotate(summary.argmax) } : {}),
      seconds: (Date.now() - started) / 1000,
      numTensors: memory().numTensors,
    };
    logs.push(log);
    await appendJsonLine(logPath, log);
    const tensors = { ...snapshot(supernet.namedVariables()), ...weightOptimizer.state('weights'), ...architectureOptimizer.state('architecture') };
    await saveNamedTensors(checkpointPath, tensors, { epoch, logs });
    dispose(Object.values(tensors));
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
  if (endEpoch === config.epochs) await writeJsonAtomic(join(runFolder, 'search-result.json'), result);
  supernet.dispose();
  weightOptimizer.dispose();
  architectureOptimizer.dispose();
  return result;
}

/** Loss value and gradients of `variables`, in their order (tf.variableGrads keys them by name). */
function variableGradsOf(variables: readonly Variable[], loss: () => Scalar): { value: number; grads: (Tensor | undefined)[] } {
  const { value, grads } = variableGrads(loss, variables as Variable[]);
  const result = { value: value.dataSync()[0]!, grads: variables.map((v) => grads[v.name]) };
  value.dispose();
  return result;
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


