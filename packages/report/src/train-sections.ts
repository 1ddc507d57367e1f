import type { OpSpecRegistry } from '@fbnas/core';
import { architectureBlocks } from './architecture-blocks';
import { blockDiagramSpec } from './block-diagram-spec';
import { formatCost, formatDuration, formatPercent } from './format-values';
import { metricChartSpec } from './metric-chart-spec';
import type { TrainRun } from './read-run-folder';
import { section, type ReportSection } from './report-section';

/**
 * The sections of a training run's report: summary, loss and accuracy curves, learning rate, and the architecture.
 *
 * @example
 * trainSections(await readRunFolder('runs/t') as TrainRun, createBuiltinOpSpecRegistry());
 */
export function trainSections(run: TrainRun, ops?: OpSpecRegistry): ReportSection[] {
  const blocks = architectureBlocks(run.architecture, { ops, file: `${run.dir}/config.json` });
  const macs = blocks.every((b) => b.macs !== undefined) ? blocks.reduce((sum, b) => sum + b.macs!, 0) : undefined;
  const rows: string[][] = [
    ['architecture', run.architecture.name],
    ['input', `${run.architecture.inputSize}×${run.architecture.inputSize}×${run.architecture.inputChannels ?? 3}`],
    ['epochs', `${run.log.length} of ${run.setting.epochs}${run.log.length < run.setting.epochs ? ' (unfinished)' : ''}`],
  ];
  if (run.setting.data) rows.push(['data', run.setting.data]);
  if (run.setting.seed !== undefined) rows.push(['seed', String(run.setting.seed)]);
  if (run.setting.backend) rows.push(['backend', run.setting.backend]);
  const lastLine = run.log[run.log.length - 1];
  if (lastLine) rows.push(['final training loss / accuracy', `${lastLine.loss.toFixed(4)} / ${formatPercent(lastLine.accuracy)}`]);
  if (run.result) {
    rows.push(['test accuracy', formatPercent(run.result.testAccuracy)]);
    rows.push(['measured latency (batch 1)', formatCost(run.result.measuredLatencyUs, 'us')]);
  } else {
    rows.push(['result', 'not tested yet (result.json is written when training ends)']);
  }
  if (macs !== undefined) rows.push(['MACs per image', formatCost(macs, 'macs')]);
  const seconds = run.log.reduce((sum, line) => sum + line.seconds, 0);
  if (seconds > 0) rows.push(['training time', formatDuration(seconds)]);
  if (run.setting.date) rows.push(['started', run.setting.date]);

  const epoch = (e: number) => e + 1;
  const sections = [section('Summary', { tables: [{ columns: ['', ''], rows }] })];
  if (run.log.length > 0) {
    sections.push(section('Training curves', {
      figures: [
        { id: 'train-loss', title: 'Training loss', caption: 'Mean training cross-entropy per epoch.',
          spec: metricChartSpec(run.log.map((l) => ({ epoch: epoch(l.epoch), series: 'training loss', value: l.loss })), { yTitle: 'cross-entropy' }) },
        { id: 'train-accuracy', title: 'Accuracy', caption: `Training accuracy per epoch${run.log.some((l) => l.evaluationAccuracy !== null) ? ' and accuracy on the evaluation split' : ''}${run.result ? `; the test accuracy (${formatPercent(run.result.testAccuracy)}) dashed` : ''}.`,
          spec: metricChartSpec([
            ...run.log.map((l) => ({ epoch: epoch(l.epoch), series: 'training', value: l.accuracy })),
            ...run.log.flatMap((l) => (l.evaluationAccuracy === null ? [] : [{ epoch: epoch(l.epoch), series: 'evaluation', value: l.evaluationAccuracy }])),
          ], { yTitle: 'accuracy', yFormat: '.1~%', ...(run.result ? { rule: { value: run.result.testAccuracy, label: 'test' } } : {}) }) },
        { id: 'learning-rate', title: 'Learning rate', caption: 'The learning rate at the end of each epoch.',
          spec: metricChartSpec(run.log.map((l) => ({ epoch: epoch(l.epoch), series: 'learning rate', value: l.learningRate })), { yTitle: 'learning rate', zero: true, yFormat: '.2~g' }) },
      ],
    }));
  }
  sections.push(section('Architecture', {
    paragraphs: [run.architecture.description ?? run.architecture.name],
    figures: [{ id: 'train-architecture', title: 'Block diagram', caption: `The blocks from input (top) to head, with ${ops ? 'their MACs per image' : 'their widths'}.`, spec: blockDiagramSpec(blocks) }],
  }));
  return sections;
}
