import { join } from 'node:path';
import type { DatasetSplits } from './dataset';
import { EMBEDDED_FASHION_MNIST_COUNTS } from './embedded-fashion-mnist-counts';
import { loadIdxSplits } from './load-idx-splits';

/** Fashion-MNIST's ten class names, indexed by label. */
export const fashionMnistClassNames: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/**
 * Per-channel mean and standard deviation of the full Fashion-MNIST training set (60 000 images) on the unit
 * scale (pixel / 255), as `channelStatistics` computes them; pass to `batches(…, { normalize })`.
 */
export const fashionMnistStatistics = Object.freeze({
  mean: Object.freeze([0.2860405969887955]),
  std: Object.freeze([0.3530242445149226]),
});

/** Where Debian's `dataset-fashion-mnist` package installs the four files. */
export const DEBIAN_FASHION_MNIST_DIRECTORY = '/usr/share/datasets/fashion-mnist';

/** Options of {@link loadFashionMnist}. */
export interface LoadFashionMnistOptions {
  /** Folder with the four IDX files (raw or `.gz`); when given, the only place looked in. */
  readonly directory?: string;
  /**
   * The most bytes each dataset file may hold once decompressed (default 512 MiB, `DEFAULT_MAX_FILE_BYTES`);
   * a larger file, or an IDX header declaring more, is refused before it is decompressed.
   */
  readonly maxFileBytes?: number;
}

const howToGet = [
  'Get it with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or download train-images-idx3-ubyte.gz,',
  'train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from',
  'https://github.com/zalandoresearch/fashion-mnist into $FBNAS_DATA/fashion-mnist or any folder passed as',
  `{ directory }; or use loadEmbeddedFashionMnist(), the ${EMBEDDED_FASHION_MNIST_COUNTS.train} + ${EMBEDDED_FASHION_MNIST_COUNTS.test} image subset`,
  'shipped with @fbnas/data.',
].join('\n');

/**
 * The folders {@link loadFashionMnist} searches without a `directory`: Debian's
 * `/usr/share/datasets/fashion-mnist`, then `$FBNAS_DATA/fashion-mnist` when `FBNAS_DATA` is set.
 *
 * @example
 * fashionMnistDirectories({ FBNAS_DATA: '/data' }); // ['/usr/share/datasets/fashion-mnist', '/data/fashion-mnist']
 */
export function fashionMnistDirectories(environment: NodeJS.ProcessEnv = process.env): string[] {
  const data = environment.FBNAS_DATA;
  return [DEBIAN_FASHION_MNIST_DIRECTORY, ...(data ? [join(data, 'fashion-mnist')] : [])];
}

/**
 * Loads Fashion-MNIST (60 000 training + 10 000 test 28×28 grayscale images, 10 classes) from `directory`,
 * or else from the first of {@link fashionMnistDirectories} that has all four files. A missing dataset is an
 * error listing where it looked and how to get it.
 *
 * @example
 * const { train, test } = await loadFashionMnist();
 * console.log(train.count, test.count, train.classNames?.[train.labels[0] ?? 0]); // 60000 10000 'Ankle boot'
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions = {}): Promise<DatasetSplits> {
  const directories = options.directory !== undefined ? [options.directory] : fashionMnistDirectories();
  const dataUnset = options.directory === undefined && !process.env.FBNAS_DATA;
  return loadIdxSplits({
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    directories,
    notSearched: dataUnset ? ['$FBNAS_DATA/fashion-mnist (FBNAS_DATA is not set)'] : [],
    howToGet,
    classes: 10,
    classNames: fashionMnistClassNames,
    height: 28,
    width: 28,
    maxFileBytes: options.maxFileBytes,
  });
}
