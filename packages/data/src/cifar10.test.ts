import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cifarRecord, gzip, temporaryFolder } from './__fixtures__/synthetic-files';
import { cifar10ClassNames, loadCifar10 } from './cifar10';

afterEach(() => {
  vi.unstubAllEnvs();
});

function batchFiles(prefix: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (let index = 1; index <= 5; index += 1) files[`${prefix}data_batch_${index}.bin`] = cifarRecord(index, () => index);
  files[`${prefix}test_batch.bin.gz`] = gzip(cifarRecord(9, () => 99));
  return files;
}

describe('loadCifar10', () => {
  it('reads the five training batches in order and the (gzipped) test batch', async () => {
    const { train, test } = await loadCifar10({ directory: temporaryFolder(batchFiles('')) });
    expect([train.count, train.height, train.width, train.channels, train.classes]).toEqual([5, 32, 32, 3, 10]);
    expect(Array.from(train.labels)).toEqual([1, 2, 3, 4, 5]);
    expect(train.images[3072 * 4]).toBe(5);
    expect([test.count, test.labels[0], test.images[0]]).toEqual([1, 9, 99]);
    expect(test.classNames).toBe(cifar10ClassNames);
  });

  it('accepts the folder holding the extracted cifar-10-batches-bin, and $FBNAS_DATA', async () => {
    const root = temporaryFolder(batchFiles('cifar-10-batches-bin/'));
    expect((await loadCifar10({ directory: root })).train.count).toBe(5);
    vi.stubEnv('FBNAS_DATA', root);
    expect((await loadCifar10()).test.count).toBe(1);
  });

  it('lists what is missing where', async () => {
    const files = batchFiles('');
    delete files['data_batch_3.bin'];
    const folder = temporaryFolder(files);
    await expect(loadCifar10({ directory: folder })).rejects.toThrow(
      `CIFAR-10 not found. Looked in:\n  - ${folder} (missing data_batch_3.bin[.gz])\n  - ${join(folder, 'cifar-10-batches-bin')} (does not exist)`,
    );
  });
});
