import { join } from 'node:path';
import { CIFAR10_SIZE, parseCifar10Batch } from './cifar10-batch';
import type { Cifar10Records } from './cifar10-batch';
import type { Dataset, DatasetSplits } from './dataset';
import { findDatasetFiles } from './find-dataset-files';
import type { WantedFile } from './find-dataset-files';
import { readDatasetFile } from './read-dataset-file';

/** CIFAR-10's ten class names, indexed by label. */
export const cifar10ClassNames: readonly string[] = Object.freeze([
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]);

/** Options of {@link loadCifar10}. */
export interface LoadCifar10Options {
  /**
   * Folder with `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin` (raw or `.gz`), or the folder
   * that holds the extracted `cifar-10-batches-bin/`; defaults to `$FBNAS_DATA/cifar-10-batches-bin`.
   */
  readonly directory?: string;
  /**
   * The most bytes each dataset file may hold once decompressed (default 512 MiB, `DEFAULT_MAX_FILE_BYTES`);
   * a larger file, or an IDX header declaring more, is refused before it is decompressed.
   */
  readonly maxFileBytes?: number;
}

const batchFile = (name: string): WantedFile => ({ label: `${name}[.gz]`, names: [name, `${name}.gz`] });
const trainFiles = [1, 2, 3, 4, 5].map((index) => batchFile(`data_batch_${index}.bin`));
const testFile = batchFile('test_batch.bin');

const howToGet = [
  'Download and extract https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (the binary version) and pass',
  'the extracted cifar-10-batches-bin folder as { directory }, or extract it into $FBNAS_DATA.',
].join('\n');

function toDataset(name: string, parts: readonly Cifar10Records[]): Dataset {
  const count = parts.reduce((total, part) => total + part.count, 0);
  const images = new Uint8Array(count * CIFAR10_SIZE * CIFAR10_SIZE * 3);
  const labels = new Uint8Array(count);
  let offset = 0;
  for (const part of parts) {
    images.set(part.images, offset * CIFAR10_SIZE * CIFAR10_SIZE * 3);
    labels.set(part.labels, offset);
    offset += part.count;
  }
  const shape = { height: CIFAR10_SIZE, width: CIFAR10_SIZE, channels: 3 };
  return { name, images, labels, count, ...shape, classes: 10, classNames: cifar10ClassNames };
}

/**
 * Loads CIFAR-10 (50 000 training + 10 000 test 32×32 RGB images, 10 classes) from its binary batches,
 * as HWC datasets. The training part is `data_batch_1.bin` … `data_batch_5.bin` in order.
 *
 * @example
 * const { train, test } = await loadCifar10({ directory: '/data/cifar-10-batches-bin' });
 * console.log(train.count, train.channels); // 50000 3
 */
export async function loadCifar10(options: LoadCifar10Options = {}): Promise<DatasetSplits> {
  const data = process.env.FBNAS_DATA;
  const roots = options.directory !== undefined ? [options.directory] : data ? [data] : [];
  const directories = roots.flatMap((root) => [root, join(root, 'cifar-10-batches-bin')]);
  const search = findDatasetFiles(directories, [...trainFiles, testFile]);
  if (search.found === undefined) {
    const notSearched = roots.length === 0 ? ['$FBNAS_DATA (FBNAS_DATA is not set and no directory was given)'] : [];
    const looked = [...search.tried, ...notSearched].map((line) => `  - ${line}`).join('\n');
    throw new Error(`CIFAR-10 not found. Looked in:\n${looked}\n${howToGet}`);
  }
  const paths = search.found.paths;
  const parts = await Promise.all(paths.map(async (path) => parseCifar10Batch(await readDatasetFile(path, { maxFileBytes: options.maxFileBytes }), path)));
  return { train: toDataset('cifar-10/train', parts.slice(0, 5)), test: toDataset('cifar-10/test', parts.slice(5)) };
}
