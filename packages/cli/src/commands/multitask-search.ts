import { MULTITASK_TASKS, multitaskLayout, taskMacs, type MultitaskTask, type RewardScale } from '@fbnas/multitask';
import { defaultMultitaskSearchConfig, runMultitaskSearch } from '@fbnas/multitask/supernet';
import { usageError, type CliIo } from '../cli-io';
import { checkDataFlag } from '../workflows/load-data';
import { loadMultitaskData, multitaskDataRecord } from '../workflows/multitask-data';
import { runMetadata } from '../workflows/run-metadata';
import { reportAfterRun } from './report';

/** Flags of `fbnas multitask search`. */
export interface MultitaskSearchFlags {
  data: string;
  /** Comma-separated tasks (default all: classification,segmentation,box). */
  tasks?: string;
  /** Every task's MAC budget per image (default: halfway between its smallest and largest network). */
  targetMacs?: number;
  epochs: number;
  /** Epochs that train only the weights (default 1). */
  warmupEpochs?: number;
  /** Adam's rate on the policy logits (default 0.05). */
  policyLearningRate?: number;
  /** λ of the cost term (default 1). */
  costWeight?: number;
  /** How each task's loss enters its policy's REINFORCE loss (default `relative`). */
  reward?: RewardScale;
  /** Share of Bernoulli(0.5) in the shared proposal after the warm-up (default 0.5). */
  uniformMix?: number;
  /** Share of the images held out from the weights to score the policies (default 0). */
  policySplit?: number;
  seed: number;
  batchSize?: number;
  trainImages?: number;
  out: string;
  json: boolean;
}

/**
 * `fbnas multitask search`: FBNetV5's search on the multi-task dataset built from `--data` (each image on a 56×56
 * canvas with its class, mask and box; built once and cached under `$FBNAS_HOME/multitask`), one run for every task
 * (`runMultitaskSearch`); prints each task's most likely architecture and its MACs, and writes the run's report
 * (`<out>/report.html`: policies and losses over epochs). Re-running on `--out` resumes.
 */
export async function multitaskSearchCommand(flags: MultitaskSearchFlags, io: CliIo): Promise<void> {
  checkDataFlag('multitask search', flags.data);
  const warmupEpochs = flags.warmupEpochs ?? 1;
  if (flags.epochs <= warmupEpochs) {
    throw usageError('multitask search', `--epochs ${flags.epochs} leaves no epoch to train the policies: the first ${warmupEpochs} only warm the weights up; use --epochs ${warmupEpochs + 1} or more`);
  }
  const tasks = (flags.tasks ?? MULTITASK_TASKS.join(',')).split(',').map((t) => t.trim());
  const unknown = tasks.filter((t) => !(MULTITASK_TASKS as readonly string[]).includes(t));
  if (unknown.length > 0 || tasks.length === 0 || new Set(tasks).size !== tasks.length) {
    throw usageError('multitask search', `--tasks expects distinct names among ${MULTITASK_TASKS.join(', ')} separated by commas, got '${flags.tasks}'`);
  }
  const data = await loadMultitaskData('multitask search', flags.data, flags.trainImages, flags.seed, { test: false });
  const { train: dataset, cached, file } = data;
  io.error(`multitask data: ${dataset.count} images on ${dataset.height}×${dataset.width} canvases (${cached ? 'cached' : 'built'}: ${file})`);
  const layout = multitaskLayout({ classes: dataset.classes, inputChannels: dataset.channels });
  const none = layout.skippable.map(() => 0 as const);
  const every = layout.skippable.map(() => 1 as const);
  const budget = (task: MultitaskTask) => flags.targetMacs ?? Math.round((taskMacs(layout, task, none) + taskMacs(layout, task, every)) / 2);
  const config = defaultMultitaskSearchConfig({
    tasks: tasks.map((task) => ({ task: task as MultitaskTask, weight: 1, targetMacs: budget(task as MultitaskTask) })),
    epochs: flags.epochs, seed: flags.seed, warmupEpochs, ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
    ...(flags.policyLearningRate === undefined ? {} : { policyLearningRate: flags.policyLearningRate }),
    ...(flags.costWeight === undefined ? {} : { costWeight: flags.costWeight }),
    ...(flags.reward === undefined ? {} : { reward: flags.reward }),
    ...(flags.uniformMix === undefined ? {} : { uniformMix: flags.uniformMix }),
    ...(flags.policySplit === undefined ? {} : { policySplit: flags.policySplit }),
  });
  const result = await runMultitaskSearch({
    layout, data: dataset, config, runFolder: flags.out,
    metadata: { ...(await runMetadata()), data: multitaskDataRecord(data) },
    onNotice: (message) => io.error(message),
    onEpoch: (log) => io.error(`epoch ${log.epoch + 1}/${flags.epochs}: ${Object.entries(log.losses).map(([t, l]) => `${t} loss ${l.toFixed(3)}`).join(', ')}${
      log.heldOutLosses === undefined ? '' : `; held out: ${Object.entries(log.heldOutLosses).map(([t, l]) => `${t} ${l.toFixed(3)}`).join(', ')}`} (${log.seconds.toFixed(0)} s)`),
  });
  const report = await reportAfterRun(flags.out, io);
  if (flags.json) {
    io.out(JSON.stringify({ out: flags.out, blocks: result.blocks, tasks: result.tasks, ...(report === undefined ? {} : { report }) }, null, 2));
    return;
  }
  io.out(`multitask search finished: ${flags.out}`);
  // Each task's network: how many blocks of each run (interchangeable blocks) reaching its head it keeps.
  for (const t of result.tasks) io.out(`  ${t.task.padEnd(14)} ${(t.macs / 1e6).toFixed(2)} M MACs (budget ${(t.targetMacs / 1e6).toFixed(2)} M), keeps ${t.network}`);
  if (report !== undefined) io.out(`report: ${report}`);
}
