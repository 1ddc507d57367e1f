import { linearLatency, type LatencyFeatures, type LinearLatencyCoefficients } from '@fbnas/core';
import type { LatencyModelFit } from './latency-model';
import { predictionError } from './prediction-error';

/** One timed network: its features (`archLatencyFeatures`) and its measured time (µs per batch). */
export interface TimedNetwork {
  features: LatencyFeatures;
  measuredUs: number;
}

const SLOPES = ['layers', 'macs', 'outputElements'] as const;
const NAMES = { layers: 'perLayer', macs: 'perMac', outputElements: 'perOutputElement' } as const;

/**
 * Least-squares fit of `intercept + perLayer·layers + perMac·MACs + perOutputElement·outputElements` to timed
 * networks (pure), with every slope ≥ 0: a slope that fits negative is set to 0 and the rest refitted (active set),
 * so the model never rewards more work. Columns are standardized before solving.
 *
 * @throws Error with fewer than 5 networks, or when the features do not vary enough to fit.
 * @example
 * fitLinearLatency(rows); // { intercept: -47, perLayer: 5.08, perMac: 8.6e-5, perOutputElement: 1.2e-3 }
 */
export function fitLinearLatency(rows: readonly TimedNetwork[]): LinearLatencyCoefficients {
  if (rows.length < 5) throw new Error(`fitLinearLatency: ${rows.length} networks; 5 or more are needed`);
  let active: (typeof SLOPES)[number][] = [...SLOPES];
  for (;;) {
    const solution = leastSquares(rows, active);
    const negative = active.filter((term) => solution[term]! < 0).sort((a, b) => solution[a]! - solution[b]!);
    if (negative.length === 0) {
      const coefficients: LinearLatencyCoefficients = { intercept: solution.intercept!, perLayer: 0, perMac: 0, perOutputElement: 0 };
      for (const term of active) coefficients[NAMES[term]] = solution[term]!;
      return coefficients;
    }
    active = active.filter((term) => term !== negative[0]);
  }
}

/**
 * How well the model predicts each network when fitted to the others (leave-one-out): median and 95th percentile of
 * the absolute percent errors, and the Spearman correlation of those predictions with the measurements.
 */
export function leaveOneOutFit(rows: readonly TimedNetwork[], seed: number): LatencyModelFit {
  const predictions = rows.map((row, i) => linearLatency(fitLinearLatency(rows.filter((_, j) => j !== i)), row.features));
  return { networks: rows.length, seed, ...predictionError(predictions, rows.map((row) => row.measuredUs)) };
}

/** Ordinary least squares on the intercept and `terms`, columns standardized; solved by Gauss–Jordan with pivoting. */
function leastSquares(rows: readonly TimedNetwork[], terms: readonly (typeof SLOPES)[number][]): Record<string, number> {
  const n = rows.length;
  const scales = terms.map((term) => {
    const values = rows.map((row) => row.features[term]);
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    if (!(sd > 0)) throw new Error(`fitLinearLatency: every network has the same ${term} (${mean}); draw networks that differ`);
    return { mean, sd };
  });
  const columns = terms.length + 1;
  const design = rows.map((row) => [1, ...terms.map((term, k) => (row.features[term] - scales[k]!.mean) / scales[k]!.sd)]);
  // Normal equations [XᵀX | Xᵀy].
  const system = Array.from({ length: columns }, (_, i) => [
    ...Array.from({ length: columns }, (_, j) => design.reduce((sum, x) => sum + x[i]! * x[j]!, 0)),
    design.reduce((sum, x, r) => sum + x[i]! * rows[r]!.measuredUs, 0),
  ]);
  for (let col = 0; col < columns; col++) {
    const pivot = system.slice(col).reduce((best, row, k) => (Math.abs(row[col]!) > Math.abs(system[best]![col]!) ? col + k : best), col);
    [system[col], system[pivot]] = [system[pivot]!, system[col]!];
    const head = system[col]!;
    if (Math.abs(head[col]!) < 1e-9 * n) throw new Error('fitLinearLatency: the features are collinear over these networks; draw more networks');
    for (let row = 0; row < columns; row++) {
      if (row === col) continue;
      const factor = system[row]![col]! / head[col]!;
      for (let k = col; k <= columns; k++) system[row]![k]! -= factor * head[k]!;
    }
  }
  const standardized = system.map((row, i) => row[columns]! / row[i]!);
  const solution: Record<string, number> = {};
  let intercept = standardized[0]!;
  terms.forEach((term, k) => {
    solution[term] = standardized[k + 1]! / scales[k]!.sd;
    intercept -= solution[term]! * scales[k]!.mean;
  });
  solution.intercept = intercept;
  return solution;
}
