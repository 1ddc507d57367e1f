import { seedRange, type Experiment } from './experiment-file';
import type { Figure } from './figure';
import { formatCost, formatPercent } from './format-values';
import { isDominated } from '@fbnas/core';
import { paretoScatterSpec } from './pareto-scatter-spec';
import { section, type ReportSection } from './report-section';

/**
 * The sections of an experiment's report: the searched points against the random ones (table), and the accuracy
 * scatters against latency and MACs with the random architectures' Pareto front.
 *
 * @example
 * experimentSections(parseExperiment(JSON.parse(text), 'experiment.json'));
 */
export function experimentSections(experiment: Experiment): ReportSection[] {
  const random = experiment.points.filter((p) => p.kind === 'random');
  const searched = experiment.points.filter((p) => p.kind === 'searched');
  const verdict = (point: Experiment['points'][number], axis: 'latencyUs' | 'macs') => {
    const value = point[axis];
    const others = random.filter((r) => r[axis] !== undefined);
    if (value === undefined || others.length === 0) return '–';
    return isDominated(value, point.accuracy, others, (r) => r[axis]!, (r) => r.accuracy) ? 'no: a random one is better' : 'yes';
  };
  /** The accuracy, and for several seeds their range: `88.1 % (87.9–88.4 %, 3 seeds)`. */
  const accuracyText = (p: Experiment['points'][number]) => {
    const range = seedRange(p);
    return range ? `${formatPercent(p.accuracy)} (${(range.low * 100).toFixed(1)}–${formatPercent(range.high)}, ${range.seeds} seeds)` : formatPercent(p.accuracy);
  };
  const rows = searched.map((p) => [
    p.name, p.group ?? '', accuracyText(p), p.latencyUs !== undefined ? formatCost(p.latencyUs, 'us') : '–', p.macs !== undefined ? formatCost(p.macs, 'macs') : '–',
    verdict(p, 'latencyUs'), verdict(p, 'macs'),
  ]);
  const paragraphs = [
    ...(experiment.description ? [experiment.description] : []),
    `${searched.length} searched and ${random.length} random architectures. A searched architecture is on or above the random front when no random architecture is at least as accurate and at most as costly (and better in one).`,
    ...(experiment.points.some((p) => seedRange(p))
      ? ['Architectures retrained with several seeds are compared by their mean test accuracy; the figures draw the range over their seeds as a bar.']
      : []),
  ];
  const figures: Figure[] = [];
  if (experiment.points.some((p) => p.latencyUs !== undefined)) {
    figures.push({ id: 'accuracy-latency', title: 'Accuracy against latency', caption: 'Test accuracy against measured batch-1 latency (µs); the dashed staircase is the Pareto front of the random architectures.', spec: paretoScatterSpec(experiment.points, 'latencyUs') });
  }
  if (experiment.points.some((p) => p.macs !== undefined)) {
    figures.push({ id: 'accuracy-macs', title: 'Accuracy against MACs', caption: 'Test accuracy against multiply-accumulates per image; the dashed staircase is the Pareto front of the random architectures.', spec: paretoScatterSpec(experiment.points, 'macs') });
  }
  return [
    section('Summary', {
      paragraphs,
      tables: searched.length ? [{ columns: ['searched', 'group', 'test accuracy', 'latency', 'MACs', 'on/above the random front (latency)', '(MACs)'], rows }] : [],
    }),
    section('Accuracy against cost', { figures }),
  ];
}
