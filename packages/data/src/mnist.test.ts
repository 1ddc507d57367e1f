import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { temporaryFolder, tinyMnistFiles } from './__fixtures__/synthetic-files';
import { loadMnist, mnistClassNames } from './mnist';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loadMnist', () => {
  it('loads a given folder', async () => {
    const { train, test } = await loadMnist({ directory: temporaryFolder(tinyMnistFiles(true)) });
    expect([train.name, train.count, test.name, test.count]).toEqual(['mnist/train', 3, 'mnist/test', 2]);
    expect(train.classNames).toBe(mnistClassNames);
  });

  it('falls back to $FBNAS_DATA/mnist', async () => {
    const root = temporaryFolder(Object.fromEntries(Object.entries(tinyMnistFiles(false)).map(([name, bytes]) => [join('mnist', name), bytes])));
    vi.stubEnv('FBNAS_DATA', root);
    expect((await loadMnist()).train.count).toBe(3);
  });

  it('explains a missing dataset', async () => {
    vi.stubEnv('FBNAS_DATA', '');
    await expect(loadMnist()).rejects.toThrow(/MNIST not found\. Looked in:\n {2}- \$FBNAS_DATA\/mnist \(FBNAS_DATA is not set and no directory was given\)\nDownload/);
  });
});
