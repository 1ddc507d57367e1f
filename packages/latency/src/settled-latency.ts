import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { median } from './statistics';
import { timePredict } from './time-predict';

/** Options of `settledLatency`. */
export interface SettledLatencyOptions {
  /** Untimed runs before the first pass (default 10). */
  warmup?: number;
  /** Timed runs per pass (default 100). */
  repeats?: number;
  /** Most passes (default 10); the last pass's median is returned even if it has not settled. */
  maxPasses?: number;
  /** A pass has settled when its median is within this share of the previous pass's (default 0.02). */
  tolerance?: number;
}

/** What `settledLatency` measured. */
export interface SettledLatency {
  /** The median of the last pass (µs). */
  medianUs: number;
  /** Each pass's median (µs), in order. */
  passes: number[];
  /** Whether the last pass was within `tolerance` of the one before. */
  settled: boolean;
}

/**
 * A model's latency once the backend has warmed up to it. A model new to the process runs slower for its first
 * hundred or so predicts, more than a fixed warm-up of 10 covers: one `fbnet-micro-28` network loaded fresh took
 * 922, 679, 540 and 498 µs in four passes of 10 + 50 runs on the wasm backend (docs/benchmarks.md). So this times
 * passes of `repeats` runs (`timePredict`) until a pass's median is within `tolerance` of the previous pass's, and
 * returns the last one.
 *
 * @example
 * const { medianUs, passes } = settledLatency(model, tf.zeros([1, 28, 28, 1])); // µs: the last pass's median, and every pass's
 */
export function settledLatency(model: LayersModel, input: Tensor, options: SettledLatencyOptions = {}): SettledLatency {
  const { warmup = 10, repeats = 100, maxPasses = 10, tolerance = 0.02 } = options;
  if (!(Number.isInteger(maxPasses) && maxPasses >= 2)) throw new Error(`settledLatency: maxPasses: expected an integer ≥ 2, got ${maxPasses}`);
  if (!(tolerance >= 0)) throw new Error(`settledLatency: tolerance: expected a number ≥ 0, got ${tolerance}`);
  const passes: number[] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    passes.push(median(timePredict(model, input, { warmup: pass === 0 ? warmup : 0, repeats })));
    const [previous, last] = passes.slice(-2);
    if (passes.length >= 2 && Math.abs(last! - previous!) <= tolerance * previous!) return { medianUs: last!, passes, settled: true };
  }
  return { medianUs: passes.at(-1)!, passes, settled: false };
}
