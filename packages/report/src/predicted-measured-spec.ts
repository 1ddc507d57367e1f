import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG } from './figure';

/** One point of `predictedMeasuredSpec`: a candidate's predicted and measured accuracy (fractions, 0–1). */
export interface PredictionPoint {
  name: string;
  /** Legend entry (e.g. `iteration 1 picks`). */
  series: string;
  predicted: number;
  measured: number;
}

/**
 * Measured against predicted accuracy, one point per candidate, coloured by series, with the dashed diagonal
 * `measured = predicted`: points above it did better than the predictor said, points below worse. Both axes span the
 * same range, so distances to the diagonal read alike everywhere.
 *
 * @example
 * predictedMeasuredSpec([{ name: '7', series: 'iteration 1 picks', predicted: 0.81, measured: 0.79 }]);
 */
export function predictedMeasuredSpec(points: readonly PredictionPoint[]): TopLevelSpec {
  const values = points.flatMap((p) => [p.predicted, p.measured]);
  const domain = [Math.min(...values), Math.max(...values)];
  const pad = Math.max(0.005, (domain[1]! - domain[0]!) * 0.05);
  const scale = { domain: [domain[0]! - pad, domain[1]! + pad], zero: false, nice: false };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 400,
    height: 400,
    layer: [
      {
        data: { values: [{ v: scale.domain[0] }, { v: scale.domain[1] }] },
        mark: { type: 'line', strokeDash: [6, 3], color: '#888888' },
        encoding: { x: { field: 'v', type: 'quantitative', scale }, y: { field: 'v', type: 'quantitative', scale } },
      },
      {
        data: { values: points.map((p) => ({ ...p })) },
        mark: { type: 'point', filled: true, size: 90, opacity: 0.85 },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', title: 'predicted accuracy', scale, axis: { format: '.1%' } },
          y: { field: 'measured', type: 'quantitative', title: 'measured accuracy', scale, axis: { format: '.1%' } },
          color: { field: 'series', type: 'nominal', title: null },
          tooltip: [{ field: 'name', title: 'candidate' }, { field: 'series' }, { field: 'predicted', format: '.2%' }, { field: 'measured', format: '.2%' }],
        },
      },
    ],
    config: FIGURE_CONFIG,
  } as TopLevelSpec;
}
