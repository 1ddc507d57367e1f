import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cifarRecord, gzip, idxBytes, idxImages, idxLabels, temporaryFolder, tinyMnistFiles } from './__fixtures__/synthetic-files';
import { loadCifar10 } from './cifar10';
import { loadFashionMnist } from './fashion-mnist';
import { readIdxDataset } from './idx-dataset';
import { IDX_IMAGES_MAGIC, idxDeclaredSize } from './idx-format';
import { DEFAULT_MAX_FILE_BYTES, readDatasetFile } from './read-dataset-file';

const MiB = 1024 ** 2;

/** An `idx3-ubyte` header declaring `count` images of `height × width`, followed by `data`. */
const idxHeader = (count: number, height: number, width: number, data: ArrayLike<number> = []) =>
  idxBytes([IDX_IMAGES_MAGIC, count, height, width], data);

describe('maxFileBytes: the bytes a dataset file may hold once decompressed', () => {
  it('defaults to 512 MiB', () => {
    expect(DEFAULT_MAX_FILE_BYTES).toBe(512 * MiB);
  });

  it("refuses a gzipped IDX whose header declares more than the limit, from the header, before decompressing", async () => {
    // 2^32 − 1 images of 28 × 28: 3.4 TB declared by a file of a few dozen bytes.
    const folder = temporaryFolder({ 'images.gz': gzip(idxHeader(2 ** 32 - 1, 28, 28)), 'labels.gz': gzip(idxLabels([1])) });
    await expect(readIdxDataset({ name: 'huge', imagesFile: join(folder, 'images.gz'), labelsFile: join(folder, 'labels.gz'), classes: 10 })).rejects.toThrow(
      `${join(folder, 'images.gz')}: header: declares 3367254359296 bytes (16-byte header + 4294967295 × 28 × 28), ` +
        'more than the limit of 536870912 bytes (512 MiB); raise the maxFileBytes option to read it',
    );
  });

  it('checks the declared size against a lower limit, and the same file reads under a higher one', async () => {
    const images = idxImages(3, 28, 28, new Uint8Array(3 * 784));
    const folder = temporaryFolder({ 'images.gz': gzip(images), 'labels': idxLabels([1, 2, 3]) });
    const files = { name: 'tiny', imagesFile: join(folder, 'images.gz'), labelsFile: join(folder, 'labels'), classes: 10 };
    await expect(readIdxDataset({ ...files, maxFileBytes: 2000 })).rejects.toThrow(
      /images\.gz: header: declares 2368 bytes \(16-byte header \+ 3 × 28 × 28\), more than the limit of 2000 bytes \(1\.95 KiB\); raise the maxFileBytes option/,
    );
    expect((await readIdxDataset({ ...files, maxFileBytes: 2368 })).count).toBe(3);
  });

  it('stops zlib at the limit when the stream holds more than its header declares (a gzip bomb)', async () => {
    const lying = idxHeader(1, 1, 1, new Uint8Array(4 * MiB));
    const folder = temporaryFolder({ 'bomb.gz': gzip(lying) });
    const file = join(folder, 'bomb.gz');
    await expect(readDatasetFile(file, { maxFileBytes: MiB, declared: idxDeclaredSize(IDX_IMAGES_MAGIC) })).rejects.toThrow(
      `${file}: size: decompresses to more bytes, more than the limit of 1048576 bytes (1 MiB); raise the maxFileBytes option to read it`,
    );
    await expect(readDatasetFile(file, { maxFileBytes: MiB })).rejects.toThrow(/size: decompresses to more bytes/);
    expect((await readDatasetFile(file, { maxFileBytes: 5 * MiB })).length).toBe(lying.length);
  });

  it('refuses a file over the limit before reading it, gzipped or raw', async () => {
    const folder = temporaryFolder({ raw: new Uint8Array(100), 'small.gz': gzip(new Uint8Array(10)) });
    await expect(readDatasetFile(join(folder, 'raw'), { maxFileBytes: 99 })).rejects.toThrow(
      `${join(folder, 'raw')}: size: holds 100 bytes, more than the limit of 99 bytes (99 bytes); raise the maxFileBytes option to read it`,
    );
    await expect(readDatasetFile(join(folder, 'small.gz'), { maxFileBytes: 9 })).rejects.toThrow(/small\.gz: size: (holds|decompresses)/);
    await expect(readDatasetFile(join(folder, 'raw'), { maxFileBytes: 0 })).rejects.toThrow(/maxFileBytes must be a positive number of bytes, got 0/);
  });

  it('a raw IDX file declaring more than the limit names the header too', async () => {
    const folder = temporaryFolder({ images: idxHeader(1000, 28, 28) });
    await expect(readDatasetFile(join(folder, 'images'), { maxFileBytes: 1000, declared: idxDeclaredSize(IDX_IMAGES_MAGIC) })).rejects.toThrow(
      /images: header: declares 784016 bytes/,
    );
  });

  it('a corrupt gzip header is still reported as a gzip error', async () => {
    const broken = gzip(idxImages(1, 1, 1, [7])).slice(0, 12);
    const folder = temporaryFolder({ 'images.gz': broken });
    await expect(readDatasetFile(join(folder, 'images.gz'), { declared: idxDeclaredSize(IDX_IMAGES_MAGIC) })).rejects.toThrow(/images\.gz: gzip: expected a valid gzip stream/);
  });

  it('loadFashionMnist and loadCifar10 pass maxFileBytes on', async () => {
    const mnist = temporaryFolder(tinyMnistFiles(true));
    // Both image files exceed the limit (3 training images: 2368 bytes, 2 test images: 1584); they are read in
    // parallel, so either may be the one reported.
    await expect(loadFashionMnist({ directory: mnist, maxFileBytes: 1000 })).rejects.toThrow(/(train|t10k)-images-idx3-ubyte\.gz: header: declares (2368|1584) bytes .*maxFileBytes/);
    expect((await loadFashionMnist({ directory: mnist })).train.count).toBe(3);
    const files: Record<string, Uint8Array> = { 'test_batch.bin': cifarRecord(1, () => 1) };
    for (let index = 1; index <= 5; index += 1) files[`data_batch_${index}.bin`] = cifarRecord(index, () => index);
    await expect(loadCifar10({ directory: temporaryFolder(files), maxFileBytes: 3000 })).rejects.toThrow(/data_batch_\d\.bin: size: holds 3073 bytes, more than the limit of 3000 bytes/);
  });
});
