import type { DatasetSplits } from './dataset';
import { findDatasetFiles, idxFileNames } from './find-dataset-files';
import { readIdxDataset } from './idx-dataset';

/** What {@link loadIdxSplits} needs to find and read an MNIST-layout dataset. */
export interface IdxSplitsSource {
  /** Dataset name used for the parts (`<name>/train`, `<name>/test`) and in messages. */
  readonly name: string;
  /** Human-readable title for messages, e.g. `Fashion-MNIST`. */
  readonly title: string;
  /** Folders to look in, in order. */
  readonly directories: readonly string[];
  /** Lines about folders that could not be searched, e.g. `$FBNAS_DATA/mnist (FBNAS_DATA is not set)`. */
  readonly notSearched?: readonly string[];
  /** How to get the dataset, appended to the not-found message. */
  readonly howToGet: string;
  /** Number of classes. */
  readonly classes: number;
  /** Class names, one per class. */
  readonly classNames: readonly string[];
  /** Image rows and columns (pixels). */
  readonly height: number;
  /** Image columns (pixels). */
  readonly width: number;
  /** The most bytes each file may hold once decompressed (default 512 MiB). */
  readonly maxFileBytes?: number;
}

const wantedFiles = [
  idxFileNames('train-images', 'idx3-ubyte'),
  idxFileNames('train-labels', 'idx1-ubyte'),
  idxFileNames('t10k-images', 'idx3-ubyte'),
  idxFileNames('t10k-labels', 'idx1-ubyte'),
];

/**
 * Finds the four MNIST-layout files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
 * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each raw or `.gz`) in the first folder of `directories`
 * that has them all and reads both parts. When none has them, the error lists every folder tried and what was
 * missing, then `howToGet`.
 *
 * @example
 * const { train, test } = await loadIdxSplits({ name: 'mnist', title: 'MNIST', directories: ['/data/mnist'],
 *   howToGet: '…', classes: 10, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], height: 28, width: 28 });
 */
export async function loadIdxSplits(source: IdxSplitsSource): Promise<DatasetSplits> {
  const search = findDatasetFiles(source.directories, wantedFiles);
  if (search.found === undefined) {
    const looked = [...search.tried, ...(source.notSearched ?? [])].map((line) => `  - ${line}`).join('\n');
    throw new Error(`${source.title} not found. Looked in:\n${looked}\n${source.howToGet}`);
  }
  const [trainImages = '', trainLabels = '', testImages = '', testLabels = ''] = search.found.paths;
  const common = { classes: source.classes, classNames: source.classNames, height: source.height, width: source.width, maxFileBytes: source.maxFileBytes };
  const [train, test] = await Promise.all([
    readIdxDataset({ ...common, name: `${source.name}/train`, imagesFile: trainImages, labelsFile: trainLabels }),
    readIdxDataset({ ...common, name: `${source.name}/test`, imagesFile: testImages, labelsFile: testLabels }),
  ]);
  return { train, test };
}
