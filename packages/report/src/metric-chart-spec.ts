import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG } from './figure';

/** One value of one series at one epoch. */
export interface MetricPoint {
  /** 1-based epoch, as the command line prints it. */
  epoch: number;
  /** Legend entry (`weight loss`, `θ loss`). */
  series: string;
  value: number;
}

/** How `metricChartSpec` draws the axes. */
export interface MetricChartOptions {
  /** y-axis title, with its unit (`cross-entropy`, `accuracy`, `E[latency] (µs)`). */
  yTitle: string;
  /** d3 number format of the y axis (`.0%`, `~s`, `,.0f`). */
  yFormat?: string;
  /** Start the y axis at zero (default false: the data's range). */
  zero?: boolean;
  /** A horizontal reference line (a budget) with its label. */
  rule?: { value: number; label: string };
  /** Width in pixels (default 520). */
  width?: number;
}

/**
 * A line chart of metrics over epochs, one coloured line (with points) per series.
 *
 * @example
 * metricChartSpec([{ epoch: 1, series: 'weight loss', value: 2.1 }], { yTitle: 'cross-entropy' });
 */
export function metricChartSpec(points: readonly MetricPoint[], options: MetricChartOptions): TopLevelSpec {
  const lastEpoch = Math.max(1, ...points.map((p) => p.epoch));
  const names = [...new Set(points.map((p) => p.series))];
  const values = [...points.map((p) => p.value), ...(options.rule ? [options.rule.value] : [])];
  const flat = values.length > 0 && Math.min(...values) === Math.max(...values);
  const y = {
    field: 'value', type: 'quantitative' as const, title: options.yTitle,
    // A single value (one epoch) gets an axis from zero rather than a range of width 0.
    scale: { zero: (options.zero ?? false) || flat },
    axis: options.yFormat ? { format: options.yFormat } : {},
  };
  const lines = {
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line' as const, point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, title: 'epoch', scale: { domain: [1, Math.max(2, lastEpoch)] }, axis: { tickMinStep: 1, format: 'd' } },
      y,
      color: { field: 'series', type: 'nominal' as const, title: null, sort: names, ...(names.length > 1 ? {} : { legend: null }) },
      tooltip: [{ field: 'series' }, { field: 'epoch' }, { field: 'value', format: options.yFormat ?? ',.4~f' }],
    },
  };
  const layers: unknown[] = [lines];
  if (options.rule) {
    const rule = { value: options.rule.value, label: options.rule.label };
    layers.push(
      { data: { values: [rule] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#444', strokeWidth: 1.5 }, encoding: { y: { field: 'value', type: 'quantitative' } } },
      { data: { values: [rule] }, mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -3, fontSize: 12, color: '#444' }, encoding: { y: { field: 'value', type: 'quantitative' }, x: { datum: 1, type: 'quantitative' }, text: { field: 'label' } } },
    );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width ?? 520,
    height: 240,
    layer: layers,
    config: FIGURE_CONFIG,
  } as TopLevelSpec;
}
