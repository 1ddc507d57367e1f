import { join } from 'node:path';
import { cachedMultitaskCanvas, multitaskDatasetSha256, type MultitaskDataset } from '@fbnas/data';
import { fbnasHome } from '@fbnas/zoo';
import { usageError } from '../cli-io';
import { limit, loadData } from './load-data';

/**
 * The multi-task datasets of `--data` for `fbnas multitask …`: its training images (at most `trainImages`) and its
 * test images, each placed on 56×56 canvases (`cachedMultitaskCanvas`, cached under `$FBNAS_HOME/multitask`; the
 * test images with their own placements, seed + 1). 28×28 grayscale sets (Fashion-MNIST, MNIST) give their items'
 * bright pixels as foreground; CIFAR-10's 32×32 photographs are pasted whole (`foreground: 'patch'`). Reports
 * whether the training set came from the cache.
 *
 * @throws CliError (exit 2) for a dataset of another shape.
 */
export async function loadMultitaskData(command: string, spec: string, trainImages: number | undefined, seed: number, options: { test: boolean }): Promise<{
  train: MultitaskDataset; test: MultitaskDataset | null; cached: boolean; file: string;
}> {
  const loaded = await loadData(spec);
  const source = limit(loaded.train, trainImages, seed);
  const grayscale = source.width === 28 && source.height === 28 && source.channels === 1;
  const photographs = source.width === 32 && source.height === 32 && source.channels === 3;
  if (!grayscale && !photographs) {
    throw usageError(command, `--data: the multi-task canvas takes 28×28 grayscale images (fashion-mnist, mnist, embedded) or 32×32 colour photographs (cifar10), got ${source.height}×${source.width}×${source.channels}`);
  }
  const canvas = { foreground: grayscale ? ('threshold' as const) : ('patch' as const) };
  const cache = join(fbnasHome(), 'multitask');
  const { dataset: train, cached, file } = cachedMultitaskCanvas(source, { seed, ...(photographs ? canvas : {}) }, cache);
  const test = options.test ? cachedMultitaskCanvas(loaded.test, { seed: seed + 1, ...(photographs ? canvas : {}) }, cache).dataset : null;
  return { train, test, cached, file };
}

/** What a multi-task run records of its data beside its settings: each dataset's cache file name and SHA-256. */
export function multitaskDataRecord(file: string, train: MultitaskDataset, test: MultitaskDataset | null): Record<string, unknown> {
  return {
    train: { name: train.name, file, sha256: multitaskDatasetSha256(train) },
    ...(test === null ? {} : { test: { name: test.name, sha256: multitaskDatasetSha256(test) } }),
  };
}
