import { getBackend, randomNormal } from '@tensorflow/tfjs-core';
import type { OpSpecRegistry } from '@fbnas/core';
import { buildModel } from '@fbnas/ops';
import { derive, randomSample, seededRandom, type ArchitectureSample, type SearchSpace } from '@fbnas/search-space';
import { assertTableMatchesSpace } from './assert-table-matches-space';
import type { LatencyTable } from './latency-table';
import { predictLatency } from './predict-latency';
import { spearman } from './spearman';
import { median, percentile } from './statistics';
import { timePredict } from './time-predict';

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
export interface LatencyValidation {
  /** Median of the absolute percent errors (%). */
  medianAbsolutePercentError: number;
  /** 95th percentile of the absolute percent errors (%). */
  p95AbsolutePercentError: number;
  /** Spearman rank correlation between predicted and measured times (1 = same order). */
  spearman: number;
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
  const time = (sample: ArchitectureSample, index: number, timing: { warmup: number; repeats: number }): number => {
    const model = buildModel(derive(space, sample), { seed: index, ...(options.ops === undefined ? {} : { ops: options.ops }) });
    const input = randomNormal([table.batchSize, space.inputSize, space.inputSize, space.inputChannels]);
    try {
      return median(timePredict(model, input, timing));
    } finally {
      input.dispose();
      model.dispose();
    }
  };
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
  const errors = rows.map((row) => row.absolutePercentError);
  return {
    medianAbsolutePercentError: rows.length === 0 ? Number.NaN : median(errors),
    p95AbsolutePercentError: rows.length === 0 ? Number.NaN : percentile(errors, 95),
    spearman: spearman(rows.map((row) => row.predictedUs), rows.map((row) => row.measuredUs)),
    rows,
  };
}
