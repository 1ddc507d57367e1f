import { fileURLToPath } from 'node:url';
import type { DatasetSplits } from './dataset';
import { EMBEDDED_FASHION_MNIST_COUNTS } from './embedded-fashion-mnist-counts';
import { fashionMnistClassNames } from './fashion-mnist';
import { readIdxDataset } from './idx-dataset';

/**
 * Paths of the embedded subset's four IDX files. They live in the package's `assets/fashion-mnist-subset/`,
 * a sibling of both `src/` (tests) and `dist/` (the published build), so one relative URL serves both; the
 * CommonJS build gets `import.meta.url` from tsup's shims. One literal URL per file keeps bundlers able to
 * see the assets.
 *
 * @example
 * embeddedFashionMnistFiles().trainImages; // '/…/node_modules/@fbnas/data/assets/fashion-mnist-subset/train-images-idx3-ubyte.gz'
 */
export function embeddedFashionMnistFiles(): {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
} {
  return {
    trainImages: fileURLToPath(new URL('../assets/fashion-mnist-subset/train-images-idx3-ubyte.gz', import.meta.url)),
    trainLabels: fileURLToPath(new URL('../assets/fashion-mnist-subset/train-labels-idx1-ubyte.gz', import.meta.url)),
    testImages: fileURLToPath(new URL('../assets/fashion-mnist-subset/t10k-images-idx3-ubyte.gz', import.meta.url)),
    testLabels: fileURLToPath(new URL('../assets/fashion-mnist-subset/t10k-labels-idx1-ubyte.gz', import.meta.url)),
  };
}

/**
 * Loads the Fashion-MNIST subset shipped inside `@fbnas/data` (about 1.3 MB gzipped), so demos and tests run
 * without the full dataset: the first 250 training and the first 50 test images of each class, in file order
 * (2500 + 500 28×28 grayscale images, class-balanced). Provenance (source sha256s, selection rule) is in
 * `assets/fashion-mnist-subset/provenance.json`; `scripts/make-subset.mjs` recreates it.
 *
 * @example
 * const { train, test } = await loadEmbeddedFashionMnist();
 * console.log(train.count, test.count); // 2500 500
 */
export async function loadEmbeddedFashionMnist(): Promise<DatasetSplits> {
  const files = embeddedFashionMnistFiles();
  const common = { classes: 10, classNames: fashionMnistClassNames, height: 28, width: 28 };
  const [train, test] = await Promise.all([
    readIdxDataset({ ...common, name: 'fashion-mnist-subset/train', imagesFile: files.trainImages, labelsFile: files.trainLabels }),
    readIdxDataset({ ...common, name: 'fashion-mnist-subset/test', imagesFile: files.testImages, labelsFile: files.testLabels }),
  ]);
  if (train.count !== EMBEDDED_FASHION_MNIST_COUNTS.train || test.count !== EMBEDDED_FASHION_MNIST_COUNTS.test) {
    throw new Error(
      `${files.trainImages}: count: expected the embedded subset's ${EMBEDDED_FASHION_MNIST_COUNTS.train} + ` +
        `${EMBEDDED_FASHION_MNIST_COUNTS.test} images, got ${train.count} + ${test.count} (regenerate with scripts/make-subset.mjs)`,
    );
  }
  return { train, test };
}
