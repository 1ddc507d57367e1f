import { formatCost, formatDuration } from './format-values';
import { keepOverEpochsSpec } from './keep-probability-spec';
import { metricChartSpec } from './metric-chart-spec';
import type { MultitaskRun } from './read-multitask-run';
import { section, type ReportSection } from './report-section';

/** What each task's loss is, for axis titles. */
const LOSS_NAMES: Readonly<Record<string, string>> = {
  classification: 'cross-entropy', segmentation: 'per-pixel cross-entropy', box: 'box L1 (canvas units)',
};

/**
 * The sections of an FBNetV5 search's report (`fbnas multitask search`): summary, each task's architecture (the
 * blocks its most likely topology keeps, MACs against its budget), its keep policy π^t per block over the epochs,
 * its loss, and its architecture's MACs relative to its budget over the epochs.
 *
 * @example
 * multitaskSections(await readRunFolder('runs/v5') as MultitaskRun).map((s) => s.heading); // ['Summary', 'Task architectures', …]
 */
export function multitaskSections(run: MultitaskRun): ReportSection[] {
  const reaches = (task: string, b: number) => run.blocks[b]!.tasks?.includes(task) ?? true;
  const last = run.log[run.log.length - 1];
  const seconds = run.log.reduce((sum, line) => sum + line.seconds, 0);
  const summary: string[][] = [
    ['layout', run.layout],
    ['data', `${run.data.name}, ${run.data.count} images`],
    ['tasks', run.tasks.map((t) => `${t.task} (γ ${t.weight}, budget ${formatCost(t.targetMacs, 'macs')})`).join(', ')],
    ['epochs', `${run.log.length} of ${run.epochs}${run.log.length < run.epochs ? ' (unfinished)' : ''}; the first ${run.warmupEpochs} train${run.warmupEpochs === 1 ? 's' : ''} only the weights`],
    ['seed', String(run.seed)],
  ];
  if (seconds > 0) summary.push(['search time', `${formatDuration(seconds)} (one search for every task)`]);
  const sections = [section('Summary', { tables: [{ columns: ['', ''], rows: summary }] })];
  if (!last) return sections;

  const rows = run.tasks.map(({ task, targetMacs }) => {
    const finished = run.result?.find((r) => r.task === task);
    const keep = finished?.architecture ?? last.keep[task]!.map((p) => (p > 0.5 ? 1 : 0));
    const macs = finished?.macs ?? last.macs[task]!;
    return [task, networkOf(run, task, keep), formatCost(macs, 'macs'), formatCost(targetMacs, 'macs'), (macs / targetMacs).toFixed(2)];
  });
  const byRun = run.blocks.every((b) => b.run !== undefined);
  sections.push(section('Task architectures', {
    paragraphs: [
      `Each task's most likely topology${run.result ? '' : ' so far'} (blocks with π > 0.5 that reach its head), as its <task>.arch.json holds it${run.result ? '' : ' once the search ends'}; retrain one with fbnas multitask train --arch.`
      + (byRun ? ' A network is how many blocks of each run of interchangeable blocks it keeps (s2.p4×2: two of the s2.p4 blocks, whichever).' : ''),
    ],
    tables: [{ columns: ['task', byRun ? 'network' : 'keeps', 'MACs', 'budget', 'MACs / budget'], rows }],
  }));

  const epoch = (e: number) => e + 1;
  sections.push(section('Policies and losses', {
    figures: [
      {
        id: 'multitask-keep', title: 'Keep probability π per block over epochs',
        caption: `Each task's Bernoulli keep probability of every searchable block that reaches its head, after each epoch (red skip, blue keep; 0.5 until the warm-up ends).`,
        spec: keepOverEpochsSpec(run.log.flatMap((line) => run.tasks.flatMap(({ task }) => line.keep[task]!.flatMap((p, b) => (
          reaches(task, b) ? [{ task, block: run.blocks[b]!.id, blockOrder: b, epoch: epoch(line.epoch), p }] : []))))),
      },
      ...run.tasks.map(({ task }) => ({
        id: `multitask-loss-${task}`, title: `${task} loss`,
        caption: `Mean ${task} loss per epoch on the architectures sampled for the shared weights (${LOSS_NAMES[task] ?? 'its head\'s loss'})`
          + (run.log.some((line) => line.heldOutLosses !== undefined) ? ', and on the held-out images that scored the policies.' : '.'),
        spec: metricChartSpec(run.log.flatMap((line) => [
          { epoch: epoch(line.epoch), series: task, value: line.losses[task]! },
          ...(line.heldOutLosses?.[task] === undefined ? [] : [{ epoch: epoch(line.epoch), series: `${task}, held out`, value: line.heldOutLosses[task] }]),
        ]), { yTitle: LOSS_NAMES[task] ?? 'loss', width: 420 }),
      })),
      {
        id: 'multitask-macs', title: 'MACs of each task\'s most likely architecture, relative to its budget',
        caption: 'MACs per image of the blocks with π > 0.5 after each epoch, divided by the task\'s budget (1: on budget).',
        spec: metricChartSpec(run.log.flatMap((line) => run.tasks.map(({ task, targetMacs }) => ({ epoch: epoch(line.epoch), series: task, value: line.macs[task]! / targetMacs }))), {
          yTitle: 'MACs / budget', yFormat: '.2f', rule: { value: 1, label: 'budget' },
        }),
      },
    ],
  }));
  return sections;
}

/**
 * A task's network in words: with the blocks' runs known, how many blocks of each run reaching its head it keeps
 * (`s1.p2×1 s2.p4×2 …`); otherwise the kept blocks' ids.
 */
function networkOf(run: MultitaskRun, task: string, keep: readonly number[]): string {
  const reaching = run.blocks.map((b, i) => ({ ...b, kept: keep[i] === 1 })).filter((b) => b.tasks?.includes(task) ?? true);
  if (reaching.every((b) => b.run !== undefined)) {
    const counts = new Map<string, number>();
    for (const b of reaching) counts.set(b.run!, (counts.get(b.run!) ?? 0) + (b.kept ? 1 : 0));
    return [...counts].map(([name, count]) => `${name}×${count}`).join(' ');
  }
  return reaching.filter((b) => b.kept).map((b) => b.id).join(' ') || 'no searchable block';
}
