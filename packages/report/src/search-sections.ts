import { meanMaxProbability, type OpSpecRegistry } from '@fbnas/core';
import { architectureBlocks } from './architecture-blocks';
import { blockDiagramSpec } from './block-diagram-spec';
import type { Figure } from './figure';
import { formatCost, formatDuration, formatPercent } from './format-values';
import { metricChartSpec, type MetricPoint } from './metric-chart-spec';
import { argmaxCells, argmaxOverEpochsSpec, evenlySpaced, probabilityCells, probabilityFacetSpec, probabilityHeatmapSpec } from './probability-heatmap-spec';
import type { CostUnit, SearchRun } from './read-run-folder';
import { section, type ReportSection } from './report-section';
import type { SearchLogLine } from './search-log';

const COST_TITLES: Record<CostUnit, { name: string; axis: string; format?: string }> = {
  us: { name: 'expected latency E[LAT]', axis: 'E[latency] (µs)' },
  macs: { name: 'expected MACs', axis: 'MACs per image', format: '~s' },
  weights: { name: 'expected conv weights', axis: 'conv weights', format: '~s' },
};

/**
 * The sections of a search's report: summary, supernet training curves, cost, θ (heatmaps) and the derived
 * architecture.
 *
 * @example
 * searchSections(await readRunFolder('runs/s') as SearchRun, createBuiltinOpSpecRegistry());
 */
export function searchSections(run: SearchRun, ops?: OpSpecRegistry): ReportSection[] {
  const log = run.log;
  const last = log[log.length - 1]!;
  const epoch = (line: SearchLogLine) => line.epoch + 1;
  const series = (name: string, value: (line: SearchLogLine) => number | null | undefined): MetricPoint[] =>
    log.flatMap((line) => {
      const v = value(line);
      return v === null || v === undefined ? [] : [{ epoch: epoch(line), series: name, value: v }];
    });
  const cost = COST_TITLES[run.costUnit];
  const sections: ReportSection[] = [section('Summary', { tables: [{ columns: ['', ''], rows: summaryRows(run) }] })];
  const pick = run.resolutionPick;
  if (pick) {
    sections.push(section('Input resolution, picked by training', {
      paragraphs: [
        `One search per input resolution (the space with that resolution fixed); each derived network trained ${pick.epochs} epoch${pick.epochs === 1 ? '' : 's'} from scratch, ` +
          `and the one most accurate on the held-out training images kept: ${pick.picked}×${pick.picked}. The sections below are that search's. ` +
          'The test accuracy is recorded, not used to pick.',
      ],
      tables: [{
        columns: ['resolution', 'held-out accuracy', 'test accuracy', 'MACs', 'latency', 'derived network'],
        rows: pick.candidates.map((c) => [
          `${c.resolution === pick.picked ? '★ ' : ''}${c.resolution}`, formatPercent(c.validationAccuracy), formatPercent(c.testAccuracy),
          formatCost(c.macs, 'macs'), formatCost(c.measuredLatencyUs, 'us'), c.description,
        ]),
      }],
    }));
  }
  const architecturePick = run.architecturePick;
  if (architecturePick) {
    sections.push(section('Architecture, picked by training', {
      paragraphs: [
        `FBNet's last step: the argmax of θ and architectures drawn from P_θ, each trained ${architecturePick.epochs} epoch${architecturePick.epochs === 1 ? '' : 's'} from scratch; ` +
          `kept: ${architecturePick.picked}, the lowest search loss on the held-out training images (the held-out error rate in place of the cross-entropy). ` +
          'The sections below show the search and its argmax; the test accuracy is recorded, not used to pick.',
      ],
      tables: [{
        columns: ['architecture', 'held-out accuracy', 'search loss', 'test accuracy', `predicted ${run.costUnit === 'us' ? 'latency' : run.costUnit}`, 'measured latency', 'ops'],
        rows: architecturePick.candidates.map((c) => [
          `${c.name === architecturePick.picked ? '★ ' : ''}${c.name}`, formatPercent(c.validationAccuracy), c.objective.toPrecision(4), formatPercent(c.testAccuracy),
          formatCost(c.predictedCost, run.costUnit), formatCost(c.measuredLatencyUs, 'us'), c.ops.join(' '),
        ]),
      }],
    }));
  }

  sections.push(section('Supernet training', {
    paragraphs: ['Each epoch trains the supernet weights on 80 % of the training images, then θ on the other 20 % (from the first epoch after warm-up). Lines end where the run stopped.'],
    figures: [
      { id: 'losses', title: 'Losses', caption: 'Mean cross-entropy of the weight steps and mean loss of the θ steps (cross-entropy with the cost term) per epoch.',
        spec: metricChartSpec([...series('weight loss', (l) => l.weightLoss), ...series('θ loss', (l) => l.architectureLoss)], { yTitle: 'loss' }) },
      { id: 'accuracies', title: 'Accuracies', caption: 'Training accuracy of the supernet on the weight split and on the θ split, per epoch.',
        spec: metricChartSpec([...series('weight split', (l) => l.weightAccuracy), ...series('θ split', (l) => l.architectureAccuracy)], { yTitle: 'accuracy', yFormat: '.1~%' }) },
      { id: 'temperature', title: 'Gumbel-softmax temperature τ', caption: 'The temperature of the Gumbel-softmax samples in each epoch.',
        spec: metricChartSpec(series('τ', (l) => l.temperature), { yTitle: 'temperature τ', zero: true }) },
    ],
  }));

  const costPoints = [...series(cost.name, (l) => l.expectedLatency)];
  if (run.kind === 'mask-search') {
    const argmaxCost = { weights: ['weights', (l: SearchLogLine) => l.argmaxWeights], macs: ['MACs', (l: SearchLogLine) => l.argmaxMacs], us: ['latency', (l: SearchLogLine) => l.argmaxLatencyUs] } as const;
    const [name, value] = argmaxCost[run.costUnit];
    costPoints.push(...series(`argmax architecture's ${name}`, value));
  }
  sections.push(section('Cost', {
    figures: [{
      id: 'cost', title: run.kind === 'mask-search' ? 'Cost against the target' : 'Expected cost',
      caption: run.kind === 'mask-search'
        ? `The effective cost under softmax(θ) and the cost of θ's argmax architecture per epoch${run.target !== undefined ? `, with the target (${formatCost(run.target, run.costUnit)}) dashed` : ''}.`
        : `The cost expected under softmax(θ) at the end of each epoch (${run.costUnit === 'us' ? 'µs, summed from the latency table' : run.costUnit}).`,
      spec: metricChartSpec(costPoints, { yTitle: cost.axis, ...(cost.format ? { yFormat: cost.format } : {}), ...(run.target !== undefined ? { rule: { value: run.target, label: 'target' } } : {}) }),
    }],
  }));

  const thetaFigures: Figure[] = [
    { id: 'theta-over-epochs', title: 'θ over epochs', caption: 'For every layer and epoch, the probability of the most probable candidate under softmax(θ) (colour; 1 = decided) and, for up to 12 epochs, that candidate.',
      spec: argmaxOverEpochsSpec(log.flatMap((line) => argmaxCells(line.probabilities, epoch(line), line.argmax))) },
    { id: 'theta-final', title: `softmax(θ) after epoch ${epoch(last)}`, caption: 'Probability of every candidate of every layer at the end of the search; the argmax, which the derived architecture takes, is outlined in red.',
      spec: probabilityHeatmapSpec(probabilityCells(last.probabilities, epoch(last), last.argmax)) },
  ];
  if (log.length > 1) {
    const shown = evenlySpaced(log, 6);
    thetaFigures.push({ id: 'theta-per-epoch', title: 'softmax(θ) per epoch', caption: `The same heatmap at ${shown.length === log.length ? 'every epoch' : `${shown.length} of the ${log.length} epochs`} (colour only).`,
      spec: probabilityFacetSpec(shown.flatMap((line) => probabilityCells(line.probabilities, epoch(line), line.argmax))) });
  }
  sections.push(section('Architecture parameters θ', { figures: thetaFigures }));

  if (run.architecture) {
    const blocks = architectureBlocks(run.architecture, {
      space: run.space, ops, latency: run.latency, file: `${run.dir}/architecture.json`,
      ...(run.kind === 'search' ? { sample: run.argmax } : {}),
    });
    sections.push(section('Derived architecture', {
      paragraphs: [`${run.architecture.name}${run.architecture.description ? `: ${run.architecture.description}` : ''}`],
      figures: [{ id: 'architecture', title: 'Block diagram', caption: `The blocks of the argmax architecture from input (top) to head, with ${run.latency ? 'their latency from the run’s latency table and ' : ''}${ops ? 'their MACs per image' : 'their widths'}.`,
        spec: blockDiagramSpec(blocks, run.latency?.batchSize ?? 1) }],
    }));
  } else {
    sections.push(section('Derived architecture', { paragraphs: ['The search has not finished: architecture.json is written after the last epoch.'] }));
  }
  return sections;
}

function summaryRows(run: SearchRun): string[][] {
  const first = run.log[0]!;
  const last = run.log[run.log.length - 1]!;
  const rows: string[][] = [
    ['space', run.setting.name],
    ['epochs', `${last.epoch + 1} of ${run.setting.epochs}${last.epoch + 1 < run.setting.epochs ? ' (unfinished)' : ''}`],
  ];
  if (run.setting.data) rows.push(['data', run.setting.data]);
  if (run.setting.seed !== undefined) rows.push(['seed', String(run.setting.seed)]);
  if (run.setting.backend) rows.push(['backend', run.setting.backend]);
  const latencySource = run.kind === 'mask-search' ? 'latency model' : 'latency table';
  rows.push(['cost', run.costUnit === 'us' ? `latency (µs, ${latencySource})` : run.costUnit === 'macs' ? 'MACs' : 'conv weights']);
  if (run.target !== undefined) rows.push(['target', formatCost(run.target, run.costUnit)]);
  const decided = meanMaxProbability(last.probabilities);
  rows.push(['mean max p over layers', `${decided.mean.toFixed(2)} (uniform: ${decided.uniform.toFixed(2)})`]);
  rows.push(['expected cost', `${formatCost(first.expectedLatency, run.costUnit)} after epoch 1 → ${formatCost(last.expectedLatency, run.costUnit)} after epoch ${last.epoch + 1}`]);
  const argmax = run.architectures?.find((a) => a.name === 'argmax');
  if (argmax) rows.push(['argmax architecture', `${formatCost(argmax.predictedCost, argmax.costUnit === 'us' ? 'us' : 'macs')} predicted, ${formatCost(argmax.macs, 'macs')}`]);
  if (run.derived) {
    rows.push(['argmax architecture', run.derived.description]);
    const latency = run.derived.predictedLatencyUs === undefined ? '' : `, ${formatCost(run.derived.predictedLatencyUs, 'us')} predicted`;
    rows.push(['its cost', `${formatCost(run.derived.macs, 'macs')}, ${formatCost(run.derived.weights, 'weights')}${latency}${run.derived.targetError !== null ? `; ${formatPercent(run.derived.targetError)} from the target` : ''}`]);
  }
  const seconds = run.log.reduce((sum, line) => sum + (line.seconds ?? 0), 0);
  if (seconds > 0) rows.push(['time', formatDuration(seconds)]);
  if (run.setting.date) rows.push(['started', run.setting.date]);
  return rows;
}
