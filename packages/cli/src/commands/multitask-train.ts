import { parseTaskArchitecture } from '@fbnas/multitask';
import { trainTaskArchitecture } from '@fbnas/multitask/supernet';
import { readJson } from '@fbnas/train';
import { usageError, type CliIo } from '../cli-io';
import { checkDataFlag } from '../workflows/load-data';
import { loadMultitaskData, multitaskDataRecord } from '../workflows/multitask-data';
import { runMetadata } from '../workflows/run-metadata';

/** Flags of `fbnas multitask train`. */
export interface MultitaskTrainFlags {
  arch: string;
  data: string;
  epochs: number;
  seed: number;
  batchSize?: number;
  trainImages?: number;
  /** The run folder (config.json, train-log.jsonl, checkpoint/, result.json); re-running on it resumes. */
  out: string;
  json: boolean;
}

/**
 * `fbnas multitask train --arch TASK.arch.json`: trains one task's searched architecture (a `<task>.arch.json` of a
 * `fbnas multitask search` folder) from scratch on its own loss, on the multi-task dataset built from `--data`'s
 * training images, and tests it on the dataset built from its test images (accuracy, foreground IoU or box IoU).
 * Checkpointed every epoch in `--out`: re-running resumes, and a finished folder prints its result again.
 */
export async function multitaskTrainCommand(flags: MultitaskTrainFlags, io: CliIo): Promise<void> {
  checkDataFlag('multitask train', flags.data);
  let architecture;
  try {
    architecture = parseTaskArchitecture(await readJson(flags.arch), flags.arch);
  } catch (error) {
    throw new Error(`--arch ${(error as Error).message}`, { cause: error });
  }
  const data = await loadMultitaskData('multitask train', flags.data, flags.trainImages, flags.seed, { test: true });
  const { train, test } = data;
  if (train.channels !== architecture.layout.inputChannels || train.classes !== architecture.layout.classes) {
    throw usageError('multitask train', `--data gives ${train.channels}-channel images of ${train.classes} classes, but ${flags.arch} was searched on ${architecture.layout.inputChannels}-channel images of ${architecture.layout.classes} classes: train it on the data it was searched on`);
  }
  io.error(`training ${architecture.name} (${architecture.task}, ${(architecture.macs / 1e6).toFixed(2)} M MACs) on ${train.count} images for ${flags.epochs} epochs`);
  const result = await trainTaskArchitecture({
    architecture, train, test: test!, epochs: flags.epochs, seed: flags.seed, ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
    runFolder: flags.out, metadata: { ...(await runMetadata()), arch: flags.arch, data: multitaskDataRecord(data) },
    onNotice: (message) => io.error(message),
    onEpoch: (epoch, loss) => io.error(`epoch ${epoch + 1}/${flags.epochs}: loss ${loss.toFixed(4)}`),
  });
  if (flags.json) io.out(JSON.stringify({ architecture: architecture.name, out: flags.out, ...result }));
  else io.out(`${architecture.name}: test ${result.metric} ${result.value.toFixed(4)} on ${test!.count} images, ${(result.macs / 1e6).toFixed(2)} M MACs (${flags.out})`);
}
