import type { LinearLatencyCoefficients } from '@fbnas/core';
import type { LatencyMetadata } from './latency-table';

/**
 * The `fbnas.latency-model/v1` format: a linear latency model of one mask (DMaskingNAS) search space on one
 * device, fitted to whole networks of the space measured end to end (`buildLatencyModel`, `fbnas latency fit`).
 *
 * ```json
 * {
 *   "format": "fbnas.latency-model/v1",
 *   "space": { "name": "fbnetv2-micro-28", "sha256": "…64 hex digits" },
 *   "unit": "us",
 *   "batchSize": 1,
 *   "metadata": { "backend": "wasm", "cpu": "…", "warmup": 10, "repeats": 60, … },
 *   "coefficients": { "intercept": -47.0, "perLayer": 5.08, "perMac": 8.6e-5, "perOutputElement": 1.2e-3 },
 *   "fit": { "networks": 40, "seed": 0, "medianAbsolutePercentError": 2.6, "p95AbsolutePercentError": 10.2, "spearman": 0.986 }
 * }
 * ```
 *
 * - `coefficients`: µs per forward pass of `batchSize` images as
 *   `intercept + perLayer·layers + perMac·MACs + perOutputElement·outputElements` (`linearLatency`; the features
 *   per image, `archLatencyFeatures`). The three slopes are ≥ 0 (a term that fits negative is dropped to 0), so
 *   the cost never rewards more work.
 * - `fit`: how many random networks of the space were timed, the seed of their draw, and the leave-one-out error of
 *   the model on them (each network predicted by a model fitted to the others; percent of its measured time) with
 *   the Spearman rank correlation of those predictions.
 * - `metadata`: where and how it was measured, as in a latency table (`warmup`, `repeats` per network).
 * - Unknown keys are errors; every error names its JSON path and the expected form.
 */
export interface LatencyModel {
  /** Always `fbnas.latency-model/v1`. */
  format: typeof LATENCY_MODEL_FORMAT;
  /** The mask space it was fitted on (name and SHA-256 of its canonical JSON). */
  space: { name: string; sha256: string };
  /** Always µs per forward pass of the batch. */
  unit: 'us';
  /** Images per forward pass. */
  batchSize: number;
  /** Where and how the networks were timed. */
  metadata: LatencyMetadata;
  /** The model. */
  coefficients: LinearLatencyCoefficients;
  /** How well it predicts the networks it was fitted on (leave-one-out). */
  fit: LatencyModelFit;
}

/** The leave-one-out quality of a fitted latency model. */
export interface LatencyModelFit {
  /** Networks timed. */
  networks: number;
  /** Seed of their draw. */
  seed: number;
  /** Median of |predicted − measured| / measured · 100 (%). */
  medianAbsolutePercentError: number;
  /** Its 95th percentile (%). */
  p95AbsolutePercentError: number;
  /** Spearman rank correlation of predicted and measured. */
  spearman: number;
}

/** The format tag of latency models. */
export const LATENCY_MODEL_FORMAT = 'fbnas.latency-model/v1';
