import type { TopLevelSpec } from 'vega-lite';
import { seedRange, type ExperimentPoint } from './experiment-file';
import { FIGURE_CONFIG } from './figure';
import { paretoFront } from '@fbnas/core';

/** The cost axis of an accuracy scatter: measured latency (µs) or MACs. */
export type ScatterAxis = 'latencyUs' | 'macs';

const AXES: Record<ScatterAxis, { title: string; format: string }> = {
  latencyUs: { title: 'measured latency (µs, batch 1)', format: ',.0f' },
  macs: { title: 'MACs per image', format: '~s' },
};

/** Labels of a scatter (default: a searched-vs-random experiment's). */
export interface ScatterLabels {
  /** The y axis (default `test accuracy`). */
  yTitle?: string;
  /** The legend entry of the `random` points (default `random architectures`). */
  random?: string;
  /** The legend entry of their front (default `Pareto front of random`). */
  front?: string;
}

/**
 * Accuracy against cost of an experiment's points that have the cost: random architectures in grey, searched ones
 * coloured by group and named, and the Pareto front of the random ones drawn as a staircase (for each cost, the
 * best accuracy a random architecture reached at that cost or less). A searched point above the staircase is
 * better than every random architecture as cheap or cheaper. A point retrained with several seeds (`accuracies`) is
 * placed at their mean, with a vertical bar from the lowest to the highest; the front is drawn through the means.
 *
 * @example
 * paretoScatterSpec(experiment.points, 'latencyUs');
 */
export function paretoScatterSpec(points: readonly ExperimentPoint[], axis: ScatterAxis, labels: ScatterLabels = {}): TopLevelSpec {
  const RANDOM = labels.random ?? 'random architectures';
  const FRONT = labels.front ?? 'Pareto front of random';
  const placed = points.filter((p) => p[axis] !== undefined);
  const series = (p: ExperimentPoint) => (p.kind === 'random' ? RANDOM : p.group ?? 'searched');
  const rows = placed.map((p) => ({ name: p.name, kind: p.kind, series: series(p), accuracy: p.accuracy, cost: p[axis]!, ...seedRange(p) }));
  const ranged = rows.filter((r) => r.seeds !== undefined);
  const front = paretoFront(rows.filter((r) => r.kind === 'random'), (r) => r.cost, (r) => r.accuracy).map((r, order) => ({ ...r, series: FRONT, order }));
  const searchedSeries = [...new Set(rows.filter((r) => r.kind === 'searched').map((r) => r.series))];
  const domain = [RANDOM, FRONT, ...searchedSeries];
  const palette = ['#4c78a8', '#e45756', '#54a24b', '#f58518', '#b279a2', '#eeca3b', '#72b7b2', '#ff9da6'];
  const color = {
    field: 'series', type: 'nominal' as const, title: null,
    scale: { domain, range: ['#a0a0a0', '#555555', ...searchedSeries.map((_, i) => palette[i % palette.length]!)] },
  };
  const x = { field: 'cost', type: 'quantitative' as const, title: AXES[axis].title, scale: { zero: false, nice: true }, axis: { format: AXES[axis].format } };
  const y = { field: 'accuracy', type: 'quantitative' as const, title: labels.yTitle ?? 'test accuracy', scale: { zero: false, nice: true }, axis: { format: '.1%' } };
  const tooltip = [
    { field: 'name' }, { field: 'series', title: 'kind' }, { field: 'accuracy', format: '.2%', ...(ranged.length ? { title: 'accuracy (mean over seeds)' } : {}) },
    ...(ranged.length ? [{ field: 'low', title: 'lowest seed', format: '.2%' }, { field: 'high', title: 'highest seed', format: '.2%' }] : []),
    { field: 'cost', title: AXES[axis].title, format: AXES[axis].format },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: 340,
    encoding: { x, y, color },
    layer: [
      { data: { values: front }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, strokeDash: [6, 3] }, encoding: { order: { field: 'order' } } },
      ...(ranged.length ? [{ data: { values: ranged }, mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.7 }, encoding: { y: { ...y, field: 'low' }, y2: { field: 'high' } } }] : []),
      { data: { values: rows.filter((r) => r.kind === 'random') }, mark: { type: 'point', filled: true, size: 60, opacity: 0.8 }, encoding: { shape: { value: 'circle' }, tooltip } },
      { data: { values: rows.filter((r) => r.kind === 'searched') }, mark: { type: 'point', filled: true, size: 140, stroke: 'black', strokeWidth: 1 }, encoding: { shape: { value: 'diamond' }, tooltip } },
      { data: { values: rows.filter((r) => r.kind === 'searched') }, mark: { type: 'text', align: 'left', dx: 8, dy: -6, fontSize: 11 }, encoding: { text: { field: 'name' }, color: { value: '#222' } } },
    ],
    config: FIGURE_CONFIG,
  } as TopLevelSpec;
}
