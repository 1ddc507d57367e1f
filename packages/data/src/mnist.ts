import { join } from 'node:path';
import type { DatasetSplits } from './dataset';
import { loadIdxSplits } from './load-idx-splits';

/** MNIST's class names (the digits), indexed by label. */
export const mnistClassNames: readonly string[] = Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Folder with the four IDX files (raw or `.gz`); defaults to `$FBNAS_DATA/mnist`. */
  readonly directory?: string;
  /**
   * The most bytes each dataset file may hold once decompressed (default 512 MiB, `DEFAULT_MAX_FILE_BYTES`);
   * a larger file, or an IDX header declaring more, is refused before it is decompressed.
   */
  readonly maxFileBytes?: number;
}

const howToGet = [
  'Download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and',
  't10k-labels-idx1-ubyte.gz (e.g. from https://ossci-datasets.s3.amazonaws.com/mnist/) into $FBNAS_DATA/mnist',
  'or any folder passed as { directory }.',
].join('\n');

/**
 * Loads MNIST (60 000 training + 10 000 test 28×28 grayscale digits) from `directory`, or from
 * `$FBNAS_DATA/mnist`. Same IDX layout and file names as Fashion-MNIST, raw or `.gz`.
 *
 * @example
 * const { train, test } = await loadMnist({ directory: '/data/mnist' });
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<DatasetSplits> {
  const data = process.env.FBNAS_DATA;
  const directories = options.directory !== undefined ? [options.directory] : data ? [join(data, 'mnist')] : [];
  return loadIdxSplits({
    name: 'mnist',
    title: 'MNIST',
    directories,
    notSearched: directories.length === 0 ? ['$FBNAS_DATA/mnist (FBNAS_DATA is not set and no directory was given)'] : [],
    howToGet,
    classes: 10,
    classNames: mnistClassNames,
    height: 28,
    width: 28,
    maxFileBytes: options.maxFileBytes,
  });
}
