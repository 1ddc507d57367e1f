import type { ExperimentPoint } from './experiment-file';
import type { Figure } from './figure';
import { formatCost, formatPercent } from './format-values';
import { metricChartSpec } from './metric-chart-spec';
import { paretoScatterSpec } from './pareto-scatter-spec';
import { predictedMeasuredSpec } from './predicted-measured-spec';
import type { NarsCandidateLine, NarsRun } from './read-run-folder';
import { section, type ReportSection } from './report-section';

/**
 * The sections of an `fbnas nars run` report: summary, the early-stop epoch (Kendall τ of each epoch's accuracies
 * with the final ones over the first batch), every candidate's validation curve, and the candidates' accuracy at the
 * early-stop epoch against MACs: the first batch (QMC samples) with its Pareto front, the predictor's picks by
 * iteration; the picks' measured against predicted accuracy; and the final predictor's evolved Pareto set against
 * the trained candidates.
 *
 * @example
 * narsSections(await readRunFolder('runs/nars') as NarsRun).map((s) => s.heading); // ['Summary', …]
 */
export function narsSections(run: NarsRun): ReportSection[] {
  const epoch = run.earlyStop?.epoch;
  const scored = (c: NarsCandidateLine) => c.accuracies[Math.min(epoch ?? c.accuracies.length, c.accuracies.length) - 1]!;
  const best = run.candidates.length === 0 ? undefined : run.candidates.reduce((a, b) => (scored(b) > scored(a) ? b : a));
  const iterations = Math.max(0, ...run.candidates.map((c) => c.iteration));
  const rows: string[][] = [
    ['joint space', run.space],
    ['budget', Object.entries(run.constraints).map(([key, value]) => `${key} ${formatCost(value, key === 'maxMacs' ? 'macs' : 'weights')}`).join(', ') || 'none'],
    ['candidates trained', `${run.candidates.length} (first batch ${run.candidates.filter((c) => c.iteration === 0).length}, then ${iterations} iteration${iterations === 1 ? '' : 's'} of predictor picks)`],
    ['early-stop epoch', epoch === undefined ? 'not fixed yet (the first batch is still training)' : `${epoch} (Kendall τ ${run.earlyStop!.correlations[epoch - 1]!.toFixed(2)} with the final accuracy)`],
  ];
  if (best) rows.push(['best candidate', `${best.id}: ${formatPercent(scored(best))} validation accuracy${epoch === undefined ? '' : ` at epoch ${Math.min(epoch, best.accuracies.length)}`}, ${formatCost(best.macs, 'macs')}, ${best.recipe.optimizer} lr ${best.recipe.learningRate.toPrecision(2)}`]);
  const sections = [section('Summary', { tables: [{ columns: ['', ''], rows }] })];
  if (run.earlyStop) {
    sections.push(section('Early stopping', {
      paragraphs: ['FBNetV3 trains later candidates only to the first epoch whose accuracies rank the fully trained first batch like the final accuracies do.'],
      figures: [{
        id: 'nars-early-stop', title: 'Rank correlation with the final accuracy',
        caption: `Kendall τ between each epoch's validation accuracies and the final ones, over the first batch; the early-stop epoch is ${run.earlyStop.epoch}.`,
        spec: metricChartSpec(run.earlyStop.correlations.map((tau, index) => ({ epoch: index + 1, series: 'Kendall τ', value: tau })), { yTitle: 'Kendall τ', rule: { value: run.earlyStop.correlations[run.earlyStop.epoch - 1]!, label: `epoch ${run.earlyStop.epoch}` } }),
      }],
    }));
  }
  if (run.candidates.length > 0) {
    const points: ExperimentPoint[] = run.candidates.map((c) => ({
      name: `${c.id}`, kind: c.iteration === 0 ? 'random' : 'searched', accuracy: scored(c), macs: c.macs, ...(c.iteration === 0 ? {} : { group: `iteration ${c.iteration} picks` }),
    }));
    sections.push(section('Candidates', {
      figures: [
        {
          id: 'nars-curves', title: 'Validation accuracy per epoch',
          caption: 'Every trained candidate (first batch to its recipe\'s epochs, the predictor\'s picks to the early-stop epoch).',
          spec: metricChartSpec(run.candidates.flatMap((c) => c.accuracies.map((value, index) => ({ epoch: index + 1, series: `${c.id} (it. ${c.iteration})`, value }))), { yTitle: 'validation accuracy', yFormat: '.1~%' }),
        },
        {
          id: 'nars-candidates', title: 'Accuracy against MACs',
          caption: `Validation accuracy${epoch === undefined ? '' : ` at the early-stop epoch (${epoch})`} against MACs per image: the first batch (QMC samples of the space) in grey with its Pareto front, the predictor's picks of each iteration as diamonds.`,
          spec: paretoScatterSpec(points, 'macs', { yTitle: 'validation accuracy', random: 'first batch (QMC)', front: 'Pareto front of the first batch' }),
        },
      ],
    }));
  }
  const picks = run.candidates.filter((c) => c.predicted !== undefined);
  const figures: Figure[] = [];
  if (picks.length > 0) {
    figures.push({
      id: 'nars-predicted', title: 'Predicted against measured accuracy',
      caption: `Each predictor's pick: the accuracy the predictor gave it when it was picked (fitted to the candidates trained before), against its validation accuracy${epoch === undefined ? '' : ` at the early-stop epoch (${epoch})`}. Above the dashed diagonal it did better than predicted.`,
      spec: predictedMeasuredSpec(picks.map((c) => ({ name: `${c.id}`, series: `iteration ${c.iteration} picks`, predicted: c.predicted!, measured: scored(c) }))),
    });
  }
  if (run.evolved !== undefined && run.evolved.length > 0) {
    const points: ExperimentPoint[] = [
      ...run.candidates.map((c): ExperimentPoint => ({ name: `${c.id}`, kind: 'random', accuracy: scored(c), macs: c.macs })),
      ...run.evolved.map((p): ExperimentPoint => ({ name: `≤ ${formatCost(p.maxMacs, 'macs')}`, kind: 'searched', group: p.onFront ? 'evolved, on its front (predicted)' : 'evolved, dominated (predicted)', accuracy: p.predicted, macs: p.macs })),
    ];
    figures.push({
      id: 'nars-evolved', title: 'The evolved Pareto set',
      caption: `The final predictor's evolutionary search once per MAC budget (diamonds, named by budget; predicted accuracy), against the trained candidates (grey; measured${epoch === undefined ? '' : ` at epoch ${epoch}`}) and their front.`,
      spec: paretoScatterSpec(points, 'macs', { yTitle: 'validation accuracy (candidates) / predicted (evolved)', random: 'trained candidates', front: 'Pareto front of the trained candidates' }),
    });
  }
  if (figures.length > 0) {
    sections.push(section('Predictor', {
      paragraphs: ['How well the predictor ranked the candidates it picked, and what its evolutionary search proposes for each budget.'],
      figures,
    }));
  }
  return sections;
}
