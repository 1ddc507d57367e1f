import { randomNormal } from '@tensorflow/tfjs-core';
import { archLatencyFeatures, sha256Json, type ArchDefinition, type JsonValue, type OpSpecRegistry } from '@fbnas/core';
import { buildModel } from '@fbnas/ops';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { deriveMask, randomMaskSample, seededRandom, type MaskSearchSpace } from '@fbnas/search-space';
import { fitLinearLatency, leaveOneOutFit, type TimedNetwork } from './fit-latency-model';
import { LATENCY_MODEL_FORMAT, type LatencyModel } from './latency-model';
import { machineMetadata } from './machine-metadata';
import { median } from './statistics';
import { timePredict } from './time-predict';

/** Options of `buildLatencyModel`. */
export interface BuildLatencyModelOptions {
  /** Random networks of the space to time (default 40; at least 6: the leave-one-out error fits 5 or more). */
  networks?: number;
  /** Seed of their draw (default 0). */
  seed?: number;
  /** Images per forward pass (default 1). */
  batchSize?: number;
  /** Untimed runs per network (default 10), after a first untimed pass over all of them. */
  warmup?: number;
  /** Timed runs per network (default 60). */
  repeats?: number;
  /** Op specs (default: the built-in registry). */
  ops?: OpSpecRegistry;
  /** GPU description for the metadata. */
  gpu?: string;
  /** Called after each network is timed, with its features and time. */
  onProgress?: (done: number, total: number, network: TimedNetwork) => void;
}

/**
 * Fits a linear latency model (`fbnas.latency-model/v1`) of a mask space on the ACTIVE tfjs backend: draws
 * `networks` random architectures of the space (`randomMaskSample`, seeded), builds and times each whole network
 * (`timePredict`, median; after an untimed pass over all of them, since a cold backend slows the first), and fits
 * `intercept + perLayer·layers + perMac·MACs + perOutputElement·outputElements` to them (`fitLinearLatency`). The
 * model's leave-one-out error is recorded in `fit`. DMaskingNAS then steers to a latency target with it
 * (`maskedCost` mode `latency`), where MACs alone miss the per-op overhead that dominates small networks on CPUs.
 *
 * @example
 * await selectBackend();
 * const model = await buildLatencyModel(loadMaskSpace('fbnetv2-micro-28'), { networks: 40 });
 */
export async function buildLatencyModel(space: MaskSearchSpace, options: BuildLatencyModelOptions = {}): Promise<LatencyModel> {
  const { networks = 40, seed = 0, batchSize = 1, warmup = 10, repeats = 60 } = options;
  if (!Number.isInteger(networks) || networks < 6) throw new Error(`buildLatencyModel: networks must be an integer ≥ 6 (the leave-one-out fit needs 5 others), got ${networks}`);
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const random = seededRandom(seed);
  const archs = Array.from({ length: networks }, (_, i) => deriveMask(space, randomMaskSample(space, random), { name: `${space.name}-random-${i}` }));
  const time = (arch: ArchDefinition, index: number, timing: { warmup: number; repeats: number }): number => {
    const model = buildModel(arch, { seed: index, ops });
    // A derived network takes its searched resolution (the subsampling is not part of it).
    const input = randomNormal([batchSize, arch.inputSize, arch.inputSize, space.inputChannels]);
    try {
      return median(timePredict(model, input, timing));
    } finally {
      input.dispose();
      model.dispose();
    }
  };
  archs.forEach((arch, index) => time(arch, index, { warmup, repeats: 1 }));
  const rows: TimedNetwork[] = [];
  for (const [index, arch] of archs.entries()) {
    rows.push({ features: archLatencyFeatures(arch, ops), measuredUs: time(arch, index, { warmup, repeats }) });
    options.onProgress?.(index + 1, networks, rows.at(-1)!);
    await new Promise((resolve) => setImmediate(resolve));
  }
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
