import { join } from 'node:path';
import { softmax, type Scalar, type Tensor2D } from '@tensorflow/tfjs-core';
import { archLatencyFeatures, countArch, linearLatency, type ArchDefinition } from '@fbnas/core';
import type { LatencyModel } from '@fbnas/latency/pure';
import { selectBackend, type BackendSelection } from '@fbnas/backend';
import { splitDataset } from '@fbnas/data';
import { straightThroughOneHot } from '@fbnas/gumbel';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { deriveMask, describeMaskSample, loadMaskSpace, maskSampleFromIndices, type MaskSample, type MaskSearchSpace } from '@fbnas/search-space';
import {
  createMaskedSupernet, defaultSearchConfig, maskedCost, planMaskedSpace, runSearch, writeJsonAtomic,
  type LatencyLossForm, type MaskedCostMode, type SearchResult,
} from '@fbnas/train';
import { batchSource, limit, loadData } from './load-data';
import { withRunFolder } from './run-folder';
import { sha256Json } from '@fbnas/core';
import { runMetadata } from './run-metadata';
import type { SearchRunOptions } from './search-run-options';

/** A resource budget: MACs (`flops`), conv weights (`params`) or µs per forward pass (`latency`, by a latency model). */
export interface MaskSearchTarget {
  mode: MaskedCostMode;
  /** Target MACs, weights or µs. */
  value: number;
}

/** Options of `maskSearchWorkflow` (`fbnas search --space <mask space>`). */
export interface MaskSearchWorkflowOptions extends SearchRunOptions<MaskSearchSpace> {
  /** The budget the search is steered to; omitted: FBNet's multiplicative form on MACs. */
  target?: MaskSearchTarget;
  /**
   * The linear latency model (`fbnas.latency-model/v1`) a `latency` target is predicted by, fitted on this space
   * (or the space it was cut from: the resolution pick's subspaces); required by a `latency` target.
   */
  latencyModel?: LatencyModel;
  /** λ of the budget loss `CE + λ·ln(COST/target)²` (default 10). */
  lambda?: number;
  /**
   * Which weights the budget term sees:
   * - `argmax` (default): the straight-through one-hot of softmax(θ), so COST is the exact cost of the
   *   architecture the search would derive now, with the effective-shape gradient of softmax(θ): the budget
   *   steers the derived architecture itself;
   * - `sample`: the straight-through one-hot of each step's Gumbel sample (the cost of a sampled architecture);
   * - `soft`: the Gumbel-softmax weights themselves (the paper's effective shapes).
   */
  costWeights?: 'argmax' | 'sample' | 'soft';
}

/** The derived (argmax) architecture of a mask search with its exact cost. */
export interface MaskDerivedArchitecture {
  sample: MaskSample;
  description: string;
  architecture: ArchDefinition;
  macs: number;
  weights: number;
  /** Its latency predicted by the search's latency model (µs per batch), with a `latency` target. */
  predictedLatencyUs?: number;
  target: MaskSearchTarget | null;
  /** `cost / target − 1` (null without a target). */
  targetError: number | null;
}

/** What `maskSearchWorkflow` produced. */
export interface MaskSearchWorkflowResult {
  backend: BackendSelection;
  space: MaskSearchSpace;
  result: SearchResult;
  derived: MaskDerivedArchitecture;
}

/**
 * FBNetV2's DMaskingNAS search (`fbnas search --space fbnetv2-micro-28 --target-macs N`): the masked supernet
 * trained with the same resumable loop, data split (80 % weights with SGD, 20 % θ with Adam), checkpoints and
 * logs as the DNAS search; θ's loss is `CE + λ·ln(COST/target)²` with COST the effective-shape cost of the
 * current argmax architecture (straight-through; see `costWeights`). Each epoch's log line records the argmax
 * architecture's exact MACs and weights. At the end the argmax (resolution, ops, channels, expansions) is derived as an `fbnas.arch/v1` without masks:
 * `architecture.json`, with `derived.json` (sample, counts, target error).
 */
export async function maskSearchWorkflow(options: MaskSearchWorkflowOptions): Promise<MaskSearchWorkflowResult> {
  const say = options.onMessage ?? (() => {});
  const backend = await selectBackend({ onWarning: say });
  say(`backend: ${backend.backend}${backend.trainingKernels ? ' (fbnas training kernels)' : ''}`);
  const space = typeof options.space === 'string' ? loadMaskSpace(options.space) : options.space;
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const plan = planMaskedSpace(space, ops);
  const data = await loadData(options.data);
  if (data.train.height !== space.inputSize || data.train.channels !== space.inputChannels) {
    throw new Error(
      `--data '${options.data}': space '${space.name}' expects ${space.inputSize}×${space.inputSize}×${space.inputChannels} images, ` +
        `got ${data.train.height}×${data.train.width}×${data.train.channels}`,
    );
  }
  const train = limit(data.train, options.trainImages, options.seed);
  const { first, second } = splitDataset(train, { fraction: options.weightFraction ?? 0.8, seed: options.seed });
  say(`data: ${options.data}: ${first.count} images for the weights, ${second.count} for θ`);
  const mode = options.target?.mode ?? 'flops';
  if (mode === 'latency' && options.latencyModel === undefined) throw new Error('maskSearchWorkflow: a latency target needs latencyModel (fbnas latency fit)');
  const coefficients = mode === 'latency' ? options.latencyModel!.coefficients : undefined;
  const cost = (weights: Tensor2D): Scalar => maskedCost(plan, weights, mode, coefficients);
  const costWeights = options.costWeights ?? 'argmax';
  const loss: LatencyLossForm = options.target
    ? { kind: 'budget', lambda: options.lambda ?? 10, target: options.target.value }
    : { kind: 'multiplicative', alpha: 0.2, beta: 0.6 };
  const config = defaultSearchConfig({
    epochs: options.epochs, seed: options.seed, loss, architectureLearningRate: 0.2, architectureSchedule: 'cosine',
    // τ from 5 to 1: the shared widest weights keep training on mixtures; colder samples made the supernet's
    // accuracy collapse in our Fashion-MNIST runs (docs/benchmarks.md).
    temperature: { kind: 'exponential', initial: 5, decayPerEpoch: options.epochs > 1 ? 0.2 ** (1 / (options.epochs - 1)) : 1 },
    ...(options.batchSize ? { batchSize: options.batchSize } : {}), ...options.config,
  });
  const deriveArgmax = (argmax: Record<string, string>) => {
    const indices = Object.fromEntries(plan.rows.map((row) => [row.id, row.options.map(String).indexOf(argmax[row.id]!)]));
    const sample = maskSampleFromIndices(space, indices);
    const architecture = deriveMask(space, sample, { name: `${space.name}-argmax` });
    const count = countArch(architecture, ops);
    const latency = coefficients === undefined ? {} : { predictedLatencyUs: linearLatency(coefficients, archLatencyFeatures(architecture, ops)) };
    return { sample, architecture, macs: count.macs, weights: count.weights, ...latency };
  };
  const inputs = {
    space: { name: space.name, sha256: sha256Json(space.definition) },
    data: { spec: options.data, trainImages: options.trainImages ?? null, count: train.count, ...(options.weightFraction === undefined ? {} : { weightFraction: options.weightFraction }) },
    target: options.target ?? null, costWeights,
    ...(options.latencyModel === undefined ? {} : { latencyModel: { space: options.latencyModel.space, batchSize: options.latencyModel.batchSize, coefficients: options.latencyModel.coefficients } }),
  };
  return withRunFolder(options.out, { search: config, inputs }, async (lock) => {
    const result = await runSearch({
      layout: { name: space.name },
      buildSupernet: (seed) => createMaskedSupernet(space, seed, ops),
      config, runFolder: options.out, lock, inputs, shape: [space.inputSize, space.inputSize, space.inputChannels], classes: space.numClasses,
      weightBatches: batchSource(first, { batchSize: config.batchSize, seed: options.seed, normalize: data.normalize }),
      architectureBatches: batchSource(second, { batchSize: config.batchSize, seed: options.seed + 1, normalize: data.normalize }),
      expectedCost: cost,
      architectureCost: (sample: Tensor2D, theta: Tensor2D): Scalar => {
        if (costWeights === 'soft') return cost(sample);
        const weights = costWeights === 'sample' ? sample : (softmax(theta) as Tensor2D);
        return cost(straightThroughOneHot(weights) as Tensor2D);
      },
      annotate: (argmax) => {
        const { sample, macs, weights, predictedLatencyUs } = deriveArgmax(argmax);
        return {
          argmaxMacs: macs, argmaxWeights: weights, ...(predictedLatencyUs === undefined ? {} : { argmaxLatencyUs: predictedLatencyUs }),
          argmaxArchitecture: describeMaskSample(space, sample),
        };
      },
      metadata: { ...(await runMetadata()), kind: 'dmasking', space: space.definition },
      onMessage: say,
      stopAfterEpoch: options.stopAfterEpoch,
      onEpoch: options.onEpoch,
      onStep: (phase, epoch, step) => options.onStep?.(phase, epoch, step, Math.ceil((phase === 'weights' ? first.count : second.count) / config.batchSize)),
    });
    const { sample, architecture, macs, weights, predictedLatencyUs } = deriveArgmax(result.argmax);
    const derivedCost = mode === 'flops' ? macs : mode === 'params' ? weights : predictedLatencyUs!;
    const derived: MaskDerivedArchitecture = {
      sample, description: describeMaskSample(space, sample), architecture, macs, weights,
      ...(predictedLatencyUs === undefined ? {} : { predictedLatencyUs }), target: options.target ?? null,
      targetError: options.target ? derivedCost / options.target.value - 1 : null,
    };
    if (result.epochsCompleted === config.epochs) {
      await writeJsonAtomic(join(options.out, 'derived.json'), derived);
      await writeJsonAtomic(join(options.out, 'architecture.json'), architecture);
    }
    return { backend, space, result, derived };
  });
}
