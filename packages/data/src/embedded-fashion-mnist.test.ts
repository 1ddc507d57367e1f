import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset';
import { EMBEDDED_FASHION_MNIST_COUNTS } from './embedded-fashion-mnist-counts';
import { embeddedFashionMnistFiles, loadEmbeddedFashionMnist } from './embedded-fashion-mnist';
import { DEBIAN_FASHION_MNIST_DIRECTORY, fashionMnistClassNames, loadFashionMnist } from './fashion-mnist';

const debianPresent = existsSync(join(DEBIAN_FASHION_MNIST_DIRECTORY, 'train-images-idx3-ubyte.gz'));
if (!debianPresent) {
  console.warn(`skipping the embedded-subset vs real-files check: ${DEBIAN_FASHION_MNIST_DIRECTORY} is absent`);
}

function classCounts(dataset: Dataset): number[] {
  const counts = new Array<number>(dataset.classes).fill(0);
  dataset.labels.forEach((label) => (counts[label] = (counts[label] ?? 0) + 1));
  return counts;
}

/** Indices of the first `perClass` examples of each class, in file order: the documented selection rule. */
function firstPerClass(dataset: Dataset, perClass: number): number[] {
  const kept = new Array<number>(dataset.classes).fill(0);
  const indices: number[] = [];
  dataset.labels.forEach((label, index) => {
    if ((kept[label] ?? 0) < perClass) {
      kept[label] = (kept[label] ?? 0) + 1;
      indices.push(index);
    }
  });
  return indices;
}

describe('loadEmbeddedFashionMnist', () => {
  it('loads the documented counts, class-balanced, 28×28×1 with the Fashion-MNIST class names', async () => {
    const { train, test } = await loadEmbeddedFashionMnist();
    expect([train.count, test.count]).toEqual([2500, 500]);
    expect([train.height, train.width, train.channels, train.classes]).toEqual([28, 28, 1, 10]);
    expect(classCounts(train)).toEqual(new Array<number>(10).fill(EMBEDDED_FASHION_MNIST_COUNTS.trainPerClass));
    expect(classCounts(test)).toEqual(new Array<number>(10).fill(EMBEDDED_FASHION_MNIST_COUNTS.testPerClass));
    expect(train.classNames).toBe(fashionMnistClassNames);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([9, 0, 0, 3, 0]);
  });

  it('stays small and matches its provenance record', () => {
    const files = Object.values(embeddedFashionMnistFiles());
    const total = files.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(total).toBeLessThan(1.5e6);
    const provenance = JSON.parse(readFileSync(join(dirname(files[0] ?? ''), 'provenance.json'), 'utf8')) as {
      train: { count: number; outputs: Record<string, { sha256: string }> };
      test: { count: number; outputs: Record<string, { sha256: string }> };
    };
    expect([provenance.train.count, provenance.test.count]).toEqual([2500, 500]);
    const recorded = { ...provenance.train.outputs, ...provenance.test.outputs };
    for (const file of files) {
      expect(createHash('sha256').update(readFileSync(file)).digest('hex'), basename(file)).toBe(recorded[basename(file)]?.sha256);
    }
  });

  it.skipIf(!debianPresent)("holds exactly the real files' first 250 training and 50 test images of each class", async () => {
    const [embedded, real] = await Promise.all([loadEmbeddedFashionMnist(), loadFashionMnist()]);
    for (const part of ['train', 'test'] as const) {
      const perClass = part === 'train' ? EMBEDDED_FASHION_MNIST_COUNTS.trainPerClass : EMBEDDED_FASHION_MNIST_COUNTS.testPerClass;
      const indices = firstPerClass(real[part], perClass);
      expect(indices.length).toBe(embedded[part].count);
      indices.forEach((index, position) => {
        if (real[part].labels[index] !== embedded[part].labels[position]) throw new Error(`${part}[${position}]: label differs`);
        const expected = real[part].images.subarray(index * 784, (index + 1) * 784);
        const actual = embedded[part].images.subarray(position * 784, (position + 1) * 784);
        if (Buffer.compare(expected, actual) !== 0) throw new Error(`${part}[${position}] (source index ${index}): pixels differ`);
      });
    }
  });
});
