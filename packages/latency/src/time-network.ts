import { randomNormal } from '@tensorflow/tfjs-core';
import type { ArchDefinition, OpSpecRegistry } from '@fbnas/core';
import { buildModel } from '@fbnas/ops';
import { median } from './statistics';
import { timePredict } from './time-predict';

/** How `timeNetwork` builds and times a network. */
export interface TimeNetworkOptions {
  /** Images per forward pass. */
  batchSize: number;
  /** Channels of the input image. */
  inputChannels: number;
  /** Untimed runs, then timed runs. */
  warmup: number;
  repeats: number;
  /** Seed of the network's initial weights. */
  seed: number;
  /** Op specs (default: the built-in registry). */
  ops?: OpSpecRegistry;
}

/**
 * Builds `arch` and times its whole forward pass on the active backend at its own input size (`timePredict` on a
 * random batch): the median µs per batch. The model and input are disposed.
 *
 * @example
 * timeNetwork(arch, { batchSize: 1, inputChannels: 1, warmup: 10, repeats: 50, seed: 0 }); // e.g. 412.5
 */
export function timeNetwork(arch: ArchDefinition, options: TimeNetworkOptions): number {
  const model = buildModel(arch, { seed: options.seed, ...(options.ops === undefined ? {} : { ops: options.ops }) });
  const input = randomNormal([options.batchSize, arch.inputSize, arch.inputSize, options.inputChannels]);
  try {
    return median(timePredict(model, input, { warmup: options.warmup, repeats: options.repeats }));
  } finally {
    input.dispose();
    model.dispose();
  }
}
