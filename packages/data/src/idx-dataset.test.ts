import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzip, idxImages, idxLabels, temporaryFolder } from './__fixtures__/synthetic-files';
import { parseIdxDataset, readIdxDataset } from './idx-dataset';

describe('readIdxDataset', () => {
  it('reads a gzipped images file with a raw labels file into a one-channel dataset', async () => {
    const folder = temporaryFolder({
      'images.gz': gzip(idxImages(2, 1, 2, [10, 20, 30, 40])),
      labels: idxLabels([1, 0]),
    });
    const dataset = await readIdxDataset({
      name: 'tiny',
      imagesFile: join(folder, 'images.gz'),
      labelsFile: join(folder, 'labels'),
      classes: 2,
      classNames: ['no', 'yes'],
    });
    expect(dataset).toMatchObject({ name: 'tiny', count: 2, height: 1, width: 2, channels: 1, classes: 2, classNames: ['no', 'yes'] });
    expect(Array.from(dataset.images)).toEqual([10, 20, 30, 40]);
    expect(Array.from(dataset.labels)).toEqual([1, 0]);
  });

  it('rejects an image/label count mismatch, naming both files', () => {
    const files = { name: 'x', imagesFile: '/d/train-images-idx3-ubyte', labelsFile: '/d/train-labels-idx1-ubyte', classes: 10 };
    expect(() => parseIdxDataset(idxImages(3, 1, 1, [0, 0, 0]), idxLabels([1, 2]), files)).toThrow(
      '/d/train-labels-idx1-ubyte: count: expected 3 labels, one per image in /d/train-images-idx3-ubyte, got 2',
    );
  });

  it('checks the expected image size', () => {
    const files = { name: 'x', imagesFile: 'imgs', labelsFile: 'labs', classes: 10, height: 28, width: 28 };
    expect(() => parseIdxDataset(idxImages(1, 32, 32, new Uint8Array(1024)), idxLabels([1]), files)).toThrow(
      'imgs: dimensions: expected 28 × 28 (rows × columns) images, got 32 × 32',
    );
  });
});
