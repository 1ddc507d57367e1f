import { getBackend } from '@tensorflow/tfjs-core';
import type { OpSpecRegistry } from '@fbnas/core';
import { derive, randomSample, seededRandom, type ArchitectureSample, type SearchSpace } from '@fbnas/search-space';
import { assertTableMatchesSpace } from './assert-table-matches-space';
import type { LatencyTable } from './latency-table';
import { predictLatency } from './predict-latency';
import { predictionError, type PredictionError } from './prediction-error';
import { timeNetwork } from './time-network';

/** Options of `validateLatencyTable`. */
export interface ValidateLatencyTableOptions {
  /** Random architectures to build and time (default 30). */
  samples?: number;
  /** Seed of the architecture draws (default 0). */
  seed?: number;
  /** Untimed runs per architecture (default: the table's `metadata.warmup`). */
  warmup?: number;
  /** Timed runs per architecture (default: the table's `metadata.repeats`). */
  repeats?: number;
  /**
   * Before timing any, build and run every architecture `warmup` times untimed (default true), as
   * `buildLatencyTable` does: in a fresh process the first networks timed would pay for a cold backend and JIT.
   */
  warmupPass?: boolean;
  /** Op specs for `buildModel` (default: the built-in registry). */
  ops?: OpSpecRegistry;
  /** Called after each architecture. */
  onProgress?: (done: number, total: number, row: LatencyValidationRow) => void;
}

/** One validated architecture. */
export interface LatencyValidationRow {
  /** The architecture. */
  sample: ArchitectureSample;
  /** The table's estimate (µs per batch). */
  predictedUs: number;
  /** Median measured end-to-end time of the whole network (µs per batch). */
  measuredUs: number;
  /** |predicted − measured| / measured · 100. */
  absolutePercentError: number;
}

/** How well a table predicts whole networks. */
export interface LatencyValidation extends PredictionError {
  /** Every architecture. */
  rows: LatencyValidationRow[];
}

/**
 * Checks FBNet's sum-of-blocks assumption on this machine: draws `samples` random architectures, builds each
 * whole network (`buildModel(derive(space, sample))`), times it end to end exactly as the table's entries were
 * timed (same active backend, batch size, warm-up and repeats, after a warm-up pass over every network; `predict` +
 * `dataSync`), and compares with `predictLatency`.
 *
 * @throws Error when the table is in MACs or the active backend is not the table's; FormatError when the table
 *   does not belong to the space.
 * @example
 * const report = await validateLatencyTable(space, table, { samples: 30, seed: 0 });
 * console.log(report.medianAbsolutePercentError, report.spearman);
 */
export async function validateLatencyTable(
  space: SearchSpace,
  table: LatencyTable,
  options: ValidateLatencyTableOptions = {},
): Promise<LatencyValidation> {
  if (table.unit !== 'us') throw new Error(`validateLatencyTable: expected a table in us, got one in ${table.unit}`);
  if (getBackend() !== table.metadata.backend) {
    throw new Error(`validateLatencyTable: the table was measured on '${table.metadata.backend}' but the active backend is '${getBackend()}'`);
  }
  assertTableMatchesSpace(table, space);
  const { samples = 30, seed = 0, warmup = table.metadata.warmup, repeats = Math.max(1, table.metadata.repeats), warmupPass = true } = options;
  const random = seededRandom(seed);
  const drawn = Array.from({ length: samples }, () => randomSample(space, random));
  const time = (sample: ArchitectureSample, index: number, timing: { warmup: number; repeats: number }): number =>
    timeNetwork(derive(space, sample), { batchSize: table.batchSize, inputChannels: space.inputChannels, seed: index, ...timing, ...(options.ops === undefined ? {} : { ops: options.ops }) });
  if (warmupPass && warmup > 0) drawn.forEach((sample, index) => time(sample, index, { warmup: warmup - 1, repeats: 1 }));
  const rows: LatencyValidationRow[] = [];
  for (const [index, sample] of drawn.entries()) {
    const measuredUs = time(sample, index, { warmup, repeats });
    const predictedUs = predictLatency(table, sample);
    const row = { sample, predictedUs, measuredUs, absolutePercentError: (Math.abs(predictedUs - measuredUs) / measuredUs) * 100 };
    rows.push(row);
    options.onProgress?.(index + 1, samples, row);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    ...predictionError(rows.map((row) => row.predictedUs), rows.map((row) => row.measuredUs)),
    rows,
  };
}
