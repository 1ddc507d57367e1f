import {
  batches, channelStatistics, fashionMnistStatistics, loadCifar10, loadEmbeddedFashionMnist, loadFashionMnist, loadMnist,
  subsampleDataset, subsetDataset, type Dataset, type DatasetSplits,
} from '@fbnas/data';
import type { Batch, BatchSource } from '@fbnas/train';
import { usageError } from '../cli-io';

const DATASETS = ['embedded', 'fashion-mnist', 'mnist', 'cifar10'] as const;

/**
 * Checks a dataset spec's form (a known name; `embedded` takes no folder) without reading anything.
 *
 * @throws CliError (exit 2) naming `--data` and the accepted forms.
 */
export function checkDataFlag(command: string, spec: string): void {
  const [name, directory] = spec.split(/:(.*)/s) as [string, string | undefined];
  if (!(DATASETS as readonly string[]).includes(name) || (name === 'embedded' && directory !== undefined) || directory === '') {
    throw usageError(command, `--data expects embedded, fashion-mnist[:DIR], mnist[:DIR] or cifar10[:DIR], got '${spec}'`);
  }
}

/** A dataset loaded by `loadData`: its splits and the normalisation it is trained with. */
export type LoadedData = DatasetSplits & { normalize: { mean: number[]; std: number[] } };

/**
 * Loads a dataset by name: `embedded` (the Fashion-MNIST subset shipped in @fbnas/data), `fashion-mnist`
 * (Debian's files or `$FBNAS_DATA`), `mnist`, `cifar10`, or `fashion-mnist:DIR` / `mnist:DIR` / `cifar10:DIR`.
 * @throws Error listing the accepted forms for anything else.
 */
export async function loadData(spec: string): Promise<LoadedData> {
  const [name, directory] = spec.split(/:(.*)/s) as [string, string | undefined];
  let splits: DatasetSplits;
  try {
    splits = await loadSplits(name, directory, spec);
  } catch (error) {
    const hint = name === 'embedded' ? '' : `\n(--data ${name}:DIR reads the dataset files in DIR; --data embedded uses the Fashion-MNIST subset shipped with fbnas)`;
    throw new Error(`--data ${spec}: ${(error as Error).message}${hint}`, { cause: error });
  }
  const statistics = name === 'embedded' || name === 'fashion-mnist' ? fashionMnistStatistics : channelStatistics(splits.train);
  return { ...splits, normalize: { mean: [...statistics.mean], std: [...statistics.std] } };
}

async function loadSplits(name: string, directory: string | undefined, spec: string): Promise<DatasetSplits> {
  let splits: DatasetSplits;
  switch (name) {
    case 'embedded':
      splits = await loadEmbeddedFashionMnist();
      break;
    case 'fashion-mnist':
      splits = await loadFashionMnist(directory ? { directory } : {});
      break;
    case 'mnist':
      splits = await loadMnist(directory ? { directory } : {});
      break;
    case 'cifar10':
      splits = await loadCifar10(directory ? { directory } : {});
      break;
    default:
      throw new Error(`expected embedded, fashion-mnist[:DIR], mnist[:DIR] or cifar10[:DIR], got '${spec}'`);
  }
  return splits;
}

/** The first `count` images (a seeded, class-balanced subset) when `count` is given and smaller. */
export function limit(dataset: Dataset, count: number | undefined, seed: number): Dataset {
  return count !== undefined && count < dataset.count ? subsetDataset(dataset, count, seed) : dataset;
}

/** A per-epoch batch source over `dataset` (order a function of seed and epoch). */
export function batchSource(dataset: Dataset, options: { batchSize: number; seed: number; normalize: { mean: number[]; std: number[] }; shuffle?: boolean }): BatchSource {
  return (epoch: number) => ({
    *[Symbol.iterator]() {
      const all = batches(dataset, { batchSize: options.batchSize, seed: options.seed, epoch, shuffle: options.shuffle ?? true, normalize: options.normalize });
      for (const batch of all) yield { images: batch.images, labels: batch.labels, size: batch.size } satisfies Batch;
    },
  });
}

/**
 * The splits subsampled (nearest neighbour, `subsampleDataset`) to an architecture's input side when it is
 * smaller than the data's (an FBNetV2 resolution search picked it); unchanged otherwise.
 */
export function atResolution<T extends DatasetSplits>(data: T, inputSize: number): T {
  if (inputSize >= data.train.height) return data;
  return { ...data, train: subsampleDataset(data.train, inputSize), test: subsampleDataset(data.test, inputSize) };
}
