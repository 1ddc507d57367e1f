import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzip, idxLabels, temporaryFolder } from './__fixtures__/synthetic-files';
import { isGzip, readDatasetFile } from './read-dataset-file';

describe('readDatasetFile', () => {
  it('reads gzipped and raw files alike, by content not by name', async () => {
    const raw = idxLabels([1, 2, 3]);
    const folder = temporaryFolder({ 'a.gz': gzip(raw), a: raw, 'gzipped-without-suffix': gzip(raw) });
    for (const name of ['a.gz', 'a', 'gzipped-without-suffix']) {
      expect(Array.from(await readDatasetFile(join(folder, name)))).toEqual(Array.from(raw));
    }
  });

  it('names the file when its gzip stream is corrupt', async () => {
    const broken = gzip(idxLabels([1, 2, 3])).slice(0, 12);
    const folder = temporaryFolder({ 'labels.gz': broken });
    await expect(readDatasetFile(join(folder, 'labels.gz'))).rejects.toThrow(`${join(folder, 'labels.gz')}: gzip: expected a valid gzip stream`);
  });

  it('detects the gzip magic number', () => {
    expect(isGzip(new Uint8Array([0x1f, 0x8b]))).toBe(true);
    expect(isGzip(new Uint8Array([0x00, 0x00, 0x08, 0x03]))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });
});
