import { getBackend } from '@tensorflow/tfjs-core';
import { archLatencyFeatures, linearLatency, sha256Json, type ArchDefinition, type JsonValue, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { deriveMask, randomMaskSample, seededRandom, type MaskSearchSpace } from '@fbnas/search-space';
import { fitLinearLatency, leaveOneOutFit, type TimedNetwork } from './fit-latency-model';
import { LATENCY_MODEL_FORMAT, type LatencyModel } from './latency-model';
import { machineMetadata } from './machine-metadata';
import { assertModelMatchesSpace } from './parse-latency-model';
import { predictionError, type PredictionError } from './prediction-error';
import { timeNetwork } from './time-network';

/** How random networks of a mask space are drawn and timed (`buildLatencyModel`, `validateLatencyModel`). */
export interface TimeMaskNetworksOptions {
  /** Seed of the draw. */
  seed?: number;
  /** Images per forward pass (default 1). */
  batchSize?: number;
  /** Untimed runs per network (default 10), after a first untimed pass over all of them. */
  warmup?: number;
  /** Timed runs per network (default 60). */
  repeats?: number;
  /** Op specs (default: the built-in registry). */
  ops?: OpSpecRegistry;
  /** Called after each network is timed, with its features and time. */
  onProgress?: (done: number, total: number, network: TimedNetwork) => void;
}

/** Options of `buildLatencyModel`. */
export interface BuildLatencyModelOptions extends TimeMaskNetworksOptions {
  /** Random networks of the space to time (default 40; at least 6: the leave-one-out error fits 5 or more). */
  networks?: number;
  /** GPU description for the metadata. */
  gpu?: string;
}

/**
 * Fits a linear latency model (`fbnas.latency-model/v1`) of a mask space on the ACTIVE tfjs backend: draws
 * `networks` random architectures of the space (`randomMaskSample`, seeded; default seed 0), builds and times each
 * whole network (`timePredict`, median; after an untimed pass over all of them, since a cold backend slows the
 * first), and fits `intercept + perLayer·layers + perMac·MACs + perOutputElement·outputElements` to them
 * (`fitLinearLatency`). The model's leave-one-out error is recorded in `fit`. DMaskingNAS then steers to a latency
 * target with it (`maskedCost` mode `latency`), where MACs alone miss the per-op overhead that dominates small
 * networks on CPUs.
 *
 * @example
 * await selectBackend();
 * const model = await buildLatencyModel(loadMaskSpace('fbnetv2-micro-28'), { networks: 40 });
 */
export async function buildLatencyModel(space: MaskSearchSpace, options: BuildLatencyModelOptions = {}): Promise<LatencyModel> {
  const { networks = 40, seed = 0, batchSize = 1, warmup = 10, repeats = 60 } = options;
  if (!Number.isInteger(networks) || networks < 6) throw new Error(`buildLatencyModel: networks must be an integer ≥ 6 (the leave-one-out fit needs 5 others), got ${networks}`);
  const rows = await timeMaskNetworks(space, networks, { ...options, seed, batchSize, warmup, repeats });
  return {
    format: LATENCY_MODEL_FORMAT,
    space: { name: space.name, sha256: sha256Json(space.definition as unknown as JsonValue) },
    unit: 'us',
    batchSize,
    metadata: machineMetadata({ warmup, repeats, ...(options.gpu === undefined ? {} : { gpu: options.gpu }) }),
    coefficients: fitLinearLatency(rows),
    fit: leaveOneOutFit(rows, seed),
  };
}

/** Options of `validateLatencyModel`. */
export interface ValidateLatencyModelOptions extends Omit<TimeMaskNetworksOptions, 'batchSize'> {
  /** Random networks to time (default 30). The seed defaults to the fit's seed + 1: networks the model has not seen. */
  samples?: number;
}

/** One validated network. */
export interface LatencyModelValidationRow extends TimedNetwork {
  /** The model's estimate (µs per batch). */
  predictedUs: number;
  /** |predicted − measured| / measured · 100. */
  absolutePercentError: number;
}

/** How well a latency model predicts networks timed end to end. */
export interface LatencyModelValidation extends PredictionError {
  rows: LatencyModelValidationRow[];
}

/**
 * Times `samples` random networks of the space on the ACTIVE backend, as `buildLatencyModel` times them, and compares
 * the model's predictions with the measurements: median and p95 absolute percent error, Spearman ρ. By default the
 * networks are drawn with the seed after the fit's, so none was fitted on; they run at the model's batch size.
 *
 * @throws Error when the model was fitted on another space or on another backend than the active one.
 */
export async function validateLatencyModel(space: MaskSearchSpace, model: LatencyModel, options: ValidateLatencyModelOptions = {}): Promise<LatencyModelValidation> {
  assertModelMatchesSpace(model, space);
  if (getBackend() !== model.metadata.backend) {
    throw new Error(`validateLatencyModel: the model was fitted on '${model.metadata.backend}' but the active backend is '${getBackend()}'`);
  }
  const rows = await timeMaskNetworks(space, options.samples ?? 30, {
    warmup: model.metadata.warmup, repeats: model.metadata.repeats, ...options, seed: options.seed ?? model.fit.seed + 1, batchSize: model.batchSize,
  });
  const validated = rows.map((row) => {
    const predictedUs = linearLatency(model.coefficients, row.features);
    return { ...row, predictedUs, absolutePercentError: (Math.abs(predictedUs - row.measuredUs) / row.measuredUs) * 100 };
  });
  return { ...predictionError(validated.map((row) => row.predictedUs), validated.map((row) => row.measuredUs)), rows: validated };
}

/**
 * Draws `count` random networks of a mask space (seeded), builds each and times it whole (`timePredict`, median of
 * `repeats`) on the active backend, after an untimed pass over all of them; with each network's latency features.
 */
export async function timeMaskNetworks(space: MaskSearchSpace, count: number, options: TimeMaskNetworksOptions = {}): Promise<TimedNetwork[]> {
  const { seed = 0, batchSize = 1, warmup = 10, repeats = 60 } = options;
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const random = seededRandom(seed);
  const archs = Array.from({ length: count }, (_, i) => deriveMask(space, randomMaskSample(space, random), { name: `${space.name}-random-${i}` }));
  const time = (arch: ArchDefinition, index: number, timing: { warmup: number; repeats: number }): number =>
    // A derived network takes its searched resolution (the subsampling is not part of it).
    timeNetwork(arch, { batchSize, inputChannels: space.inputChannels, seed: index, ops, ...timing });
  archs.forEach((arch, index) => time(arch, index, { warmup, repeats: 1 }));
  const rows: TimedNetwork[] = [];
  for (const [index, arch] of archs.entries()) {
    rows.push({ features: archLatencyFeatures(arch, ops), measuredUs: time(arch, index, { warmup, repeats }) });
    options.onProgress?.(index + 1, count, rows.at(-1)!);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return rows;
}
