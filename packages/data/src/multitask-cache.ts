import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Dataset } from './dataset';
import { DatasetFileError } from './dataset-file-error';
import { multitaskCanvas, type MultitaskCanvasOptions, type MultitaskDataset } from './multitask-canvas';
import { loadMultitaskDataset, saveMultitaskDataset, sha256Bytes } from './multitask-file';

/**
 * `multitaskCanvas(source, options)` through a cache folder: built once and kept as `<cacheDir>/<key>.fbmt`
 * (`saveMultitaskDataset`, atomic), keyed by the SHA-256 of the source's images and labels and the options with
 * their defaults; later calls read and check that file instead. A cache file that fails its checks is rebuilt.
 *
 * @returns the dataset, whether it came from the cache, the cache file, and the dataset's SHA-256 (hex) as its header
 *   records it (`multitaskDatasetSha256(dataset)`: checked on a read, computed once on a build).
 * @example
 * const { dataset, sha256 } = cachedMultitaskCanvas(train, { seed: 0 }, join(fbnasHome(), 'multitask'));
 */
export function cachedMultitaskCanvas(source: Dataset, options: MultitaskCanvasOptions, cacheDir: string): {
  dataset: MultitaskDataset; cached: boolean; file: string; sha256: string;
} {
  const settings = { side: 56, scale: [0.75, 1.5], threshold: 32, noise: 16, ...options };
  const provenance = { source: source.name, count: source.count, sourceSha256: sha256Bytes([source.images, source.labels]), settings };
  const key = createHash('sha256').update(JSON.stringify(provenance)).digest('hex').slice(0, 24);
  const file = join(cacheDir, `${key}.fbmt`);
  try {
    const dataset = loadMultitaskDataset(file);
    return { dataset, cached: true, file, sha256: dataset.sha256 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof DatasetFileError)) throw error;
  }
  const dataset = multitaskCanvas(source, options);
  const sha256 = saveMultitaskDataset(file, dataset, provenance);
  return { dataset, cached: false, file, sha256 };
}
