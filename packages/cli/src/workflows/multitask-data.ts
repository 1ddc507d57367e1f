import { join } from 'node:path';
import { cachedMultitaskCanvas, type MultitaskDataset } from '@fbnas/data';
import { fbnasHome } from '@fbnas/zoo';
import { usageError } from '../cli-io';
import { limit, loadData } from './load-data';

/** The multi-task datasets of `loadMultitaskData`. */
export interface MultitaskData {
  train: MultitaskDataset;
  /** Null unless asked for (`options.test`). */
  test: MultitaskDataset | null;
  /** Whether the training set came from the cache. */
  cached: boolean;
  /** The training set's cache file. */
  file: string;
  /** The training set's SHA-256 (hex) as its cache file's header records it (`multitaskDatasetSha256(train)`). */
  trainSha256: string;
  /** The test set's, likewise; null without a test set. */
  testSha256: string | null;
}

/**
 * The multi-task datasets of `--data` for `fbnas multitask …`: its training images (at most `trainImages`) and its
 * test images, each placed on 56×56 canvases (`cachedMultitaskCanvas`, cached under `$FBNAS_HOME/multitask`; the
 * test images with their own placements, seed + 1). 28×28 grayscale sets (Fashion-MNIST, MNIST) give their items'
 * bright pixels as foreground; CIFAR-10's 32×32 photographs are pasted whole (`foreground: 'patch'`). Reports
 * whether the training set came from the cache, and each set's SHA-256 as its cache file records it.
 *
 * @throws CliError (exit 2) for a dataset of another shape.
 */
export async function loadMultitaskData(command: string, spec: string, trainImages: number | undefined, seed: number, options: { test: boolean }): Promise<MultitaskData> {
  const loaded = await loadData(spec);
  const source = limit(loaded.train, trainImages, seed);
  const grayscale = source.width === 28 && source.height === 28 && source.channels === 1;
  const photographs = source.width === 32 && source.height === 32 && source.channels === 3;
  if (!grayscale && !photographs) {
    throw usageError(command, `--data: the multi-task canvas takes 28×28 grayscale images (fashion-mnist, mnist, embedded) or 32×32 colour photographs (cifar10), got ${source.height}×${source.width}×${source.channels}`);
  }
  const canvas = photographs ? { foreground: 'patch' as const } : {};
  const cache = join(fbnasHome(), 'multitask');
  const { dataset: train, cached, file, sha256: trainSha256 } = cachedMultitaskCanvas(source, { seed, ...canvas }, cache);
  const test = options.test ? cachedMultitaskCanvas(loaded.test, { seed: seed + 1, ...canvas }, cache) : null;
  return { train, test: test?.dataset ?? null, cached, file, trainSha256, testSha256: test?.sha256 ?? null };
}

/**
 * What a multi-task run records of its data beside its settings: each dataset's cache file name and SHA-256 (the
 * ones `loadMultitaskData` passed on from the cache, not hashed again).
 */
export function multitaskDataRecord(data: MultitaskData): Record<string, unknown> {
  const { file, train, test } = data;
  return {
    train: { name: train.name, file, sha256: data.trainSha256 },
    ...(test === null ? {} : { test: { name: test.name, sha256: data.testSha256 } }),
  };
}
