import { join } from 'node:path';
import { cachedMultitaskCanvas } from '@fbnas/data';
import { parseTaskArchitecture } from '@fbnas/multitask';
import { trainTaskArchitecture } from '@fbnas/multitask/supernet';
import { readJson } from '@fbnas/train';
import { fbnasHome } from '@fbnas/zoo';
import { usageError, type CliIo } from '../cli-io';
import { checkDataFlag, limit, loadData } from '../workflows/load-data';

/** Flags of `fbnas multitask train`. */
export interface MultitaskTrainFlags {
  arch: string;
  data: string;
  epochs: number;
  seed: number;
  batchSize?: number;
  trainImages?: number;
  json: boolean;
}

/**
 * `fbnas multitask train --arch TASK.arch.json`: trains one task's searched architecture (a `<task>.arch.json` of a
 * `fbnas multitask search` folder) from scratch on its own loss, on the multi-task dataset built from `--data`'s
 * training images, and tests it on the dataset built from its test images (accuracy, foreground IoU or box IoU).
 */
export async function multitaskTrainCommand(flags: MultitaskTrainFlags, io: CliIo): Promise<void> {
  checkDataFlag('multitask train', flags.data);
  let architecture;
  try {
    architecture = parseTaskArchitecture(await readJson(flags.arch), flags.arch);
  } catch (error) {
    throw new Error(`--arch ${(error as Error).message}`, { cause: error });
  }
  const loaded = await loadData(flags.data);
  const source = limit(loaded.train, flags.trainImages, flags.seed);
  if (source.width !== 28 || source.channels !== 1) throw usageError('multitask train', `--data: the multi-task canvas takes 28×28 grayscale images (fashion-mnist, mnist, embedded), got ${source.height}×${source.width}×${source.channels}`);
  const cache = join(fbnasHome(), 'multitask');
  const train = cachedMultitaskCanvas(source, { seed: flags.seed }, cache).dataset;
  // The test images get their own placements (another seed), never the training ones'.
  const test = cachedMultitaskCanvas(loaded.test, { seed: flags.seed + 1 }, cache).dataset;
  io.error(`training ${architecture.name} (${architecture.task}, ${(architecture.macs / 1e6).toFixed(2)} M MACs) on ${train.count} images for ${flags.epochs} epochs`);
  const result = await trainTaskArchitecture({
    architecture, train, test, epochs: flags.epochs, seed: flags.seed, ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
    onEpoch: (epoch, loss) => io.error(`epoch ${epoch + 1}/${flags.epochs}: loss ${loss.toFixed(4)}`),
  });
  if (flags.json) io.out(JSON.stringify({ architecture: architecture.name, ...result }));
  else io.out(`${architecture.name}: test ${result.metric} ${result.value.toFixed(4)} on ${test.count} images, ${(result.macs / 1e6).toFixed(2)} M MACs`);
}
