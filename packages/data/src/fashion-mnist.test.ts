import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { temporaryFolder, tinyMnistFiles } from './__fixtures__/synthetic-files';
import { channelStatistics } from './channel-statistics';
import {
  DEBIAN_FASHION_MNIST_DIRECTORY,
  fashionMnistClassNames,
  fashionMnistDirectories,
  fashionMnistStatistics,
  loadFashionMnist,
} from './fashion-mnist';

const debianPresent = existsSync(join(DEBIAN_FASHION_MNIST_DIRECTORY, 'train-images-idx3-ubyte.gz'));
if (!debianPresent) {
  console.warn(`skipping the real Fashion-MNIST checks: ${DEBIAN_FASHION_MNIST_DIRECTORY} is absent (apt-get install dataset-fashion-mnist)`);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('fashionMnistDirectories', () => {
  it("is Debian's folder, then $FBNAS_DATA/fashion-mnist when set", () => {
    expect(fashionMnistDirectories({})).toEqual(['/usr/share/datasets/fashion-mnist']);
    expect(fashionMnistDirectories({ FBNAS_DATA: '/data' })).toEqual(['/usr/share/datasets/fashion-mnist', '/data/fashion-mnist']);
  });
});

describe('loadFashionMnist', () => {
  it('loads a given folder, gzipped or raw, including the dotted file names', async () => {
    for (const compress of [true, false]) {
      const folder = temporaryFolder(tinyMnistFiles(compress));
      const { train, test } = await loadFashionMnist({ directory: folder });
      expect([train.count, test.count, train.height, train.width, train.channels]).toEqual([3, 2, 28, 28, 1]);
      expect(Array.from(train.labels)).toEqual([9, 0, 3]);
      expect(train.images[784 * 2]).toBe(2);
      expect(train.classNames).toBe(fashionMnistClassNames);
      expect(train.name).toBe('fashion-mnist/train');
    }
    const dotted = temporaryFolder(tinyMnistFiles(false));
    renameSync(join(dotted, 'train-images-idx3-ubyte'), join(dotted, 'train-images.idx3-ubyte'));
    expect((await loadFashionMnist({ directory: dotted })).train.count).toBe(3);
  });

  it('says where it looked, what was missing and how to get the dataset', async () => {
    const files = tinyMnistFiles(true);
    delete files['t10k-labels-idx1-ubyte.gz'];
    const folder = temporaryFolder(files);
    const failure = loadFashionMnist({ directory: folder });
    await expect(failure).rejects.toThrow(`Fashion-MNIST not found. Looked in:\n  - ${folder} (missing t10k-labels-idx1-ubyte[.gz])`);
    await expect(loadFashionMnist({ directory: join(folder, 'nowhere') })).rejects.toThrow(/nowhere \(does not exist\)[\s\S]*apt-get install dataset-fashion-mnist[\s\S]*loadEmbeddedFashionMnist\(\)/);
  });

  it.skipIf(debianPresent)('without a folder, mentions the unset FBNAS_DATA', async () => {
    vi.stubEnv('FBNAS_DATA', '');
    await expect(loadFashionMnist()).rejects.toThrow('$FBNAS_DATA/fashion-mnist (FBNAS_DATA is not set)');
  });

  it.skipIf(!debianPresent)("finds Debian's dataset-fashion-mnist files by default (60 000 + 10 000, known first labels and statistics)", async () => {
    const { train, test } = await loadFashionMnist();
    expect([train.count, test.count, train.height, train.width, train.channels, train.classes]).toEqual([60000, 10000, 28, 28, 1, 10]);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([9, 0, 0, 3, 0]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([9, 2, 1, 1, 6]);
    const counts = new Array<number>(10).fill(0);
    train.labels.forEach((label) => (counts[label] = (counts[label] ?? 0) + 1));
    expect(counts).toEqual(new Array<number>(10).fill(6000));
    const statistics = channelStatistics(train);
    expect(statistics.mean[0]).toBeCloseTo(fashionMnistStatistics.mean[0] ?? 0, 12);
    expect(statistics.std[0]).toBeCloseTo(fashionMnistStatistics.std[0] ?? 0, 12);
  });
});
