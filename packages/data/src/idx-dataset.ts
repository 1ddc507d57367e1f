import type { Dataset } from './dataset';
import { DatasetFileError } from './dataset-file-error';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, idxDeclaredSize, parseIdxImages, parseIdxLabels } from './idx-format';
import { readDatasetFile } from './read-dataset-file';

/** Where an IDX image/label pair is and what it must hold, for {@link readIdxDataset}. */
export interface IdxDatasetFiles {
  /** Name of the resulting dataset, e.g. `fashion-mnist/train`. */
  readonly name: string;
  /** Path of the `idx3-ubyte` images file, gzipped or raw. */
  readonly imagesFile: string;
  /** Path of the `idx1-ubyte` labels file, gzipped or raw. */
  readonly labelsFile: string;
  /** Number of classes; labels must be in `[0, classes)`. */
  readonly classes: number;
  /** Optional class names, one per class. */
  readonly classNames?: readonly string[];
  /** Expected image rows (pixels); another size is an error. */
  readonly height?: number;
  /** Expected image columns (pixels); another size is an error. */
  readonly width?: number;
  /**
   * The most bytes each file may hold once decompressed (default 512 MiB, `DEFAULT_MAX_FILE_BYTES`); the size
   * its IDX header declares is checked before decompressing.
   */
  readonly maxFileBytes?: number;
}

/**
 * Reads an IDX images file and its labels file (each gzipped or raw) into a one-channel {@link Dataset}.
 * Besides each file's own checks, the image and label counts must agree (the error names both files). A file
 * declaring or holding more than `maxFileBytes` (default 512 MiB) is refused before it is decompressed.
 *
 * @example
 * const train = await readIdxDataset({
 *   name: 'mnist/train', classes: 10,
 *   imagesFile: '/data/mnist/train-images-idx3-ubyte.gz', labelsFile: '/data/mnist/train-labels-idx1-ubyte.gz',
 * });
 */
export async function readIdxDataset(files: IdxDatasetFiles): Promise<Dataset> {
  const [imageBytes, labelBytes] = await Promise.all([
    readDatasetFile(files.imagesFile, { maxFileBytes: files.maxFileBytes, declared: idxDeclaredSize(IDX_IMAGES_MAGIC) }),
    readDatasetFile(files.labelsFile, { maxFileBytes: files.maxFileBytes, declared: idxDeclaredSize(IDX_LABELS_MAGIC) }),
  ]);
  return parseIdxDataset(imageBytes, labelBytes, files);
}

/**
 * The synchronous core of {@link readIdxDataset}: parses already-read, uncompressed IDX bytes; `files` only
 * names them for errors and gives the dataset's metadata.
 *
 * @example
 * const dataset = parseIdxDataset(imageBytes, labelBytes, { name: 'tiny', imagesFile: 'a', labelsFile: 'b', classes: 10 });
 */
export function parseIdxDataset(imageBytes: Uint8Array, labelBytes: Uint8Array, files: IdxDatasetFiles): Dataset {
  const images = parseIdxImages(imageBytes, files.imagesFile, { height: files.height, width: files.width });
  const labels = parseIdxLabels(labelBytes, files.labelsFile, files.classes);
  if (labels.length !== images.count) {
    throw new DatasetFileError(
      files.labelsFile,
      'count',
      `expected ${images.count} labels, one per image in ${files.imagesFile}, got ${labels.length}`,
    );
  }
  return {
    name: files.name,
    images: images.images,
    labels,
    count: images.count,
    height: images.height,
    width: images.width,
    channels: 1,
    classes: files.classes,
    ...(files.classNames === undefined ? {} : { classNames: files.classNames }),
  };
}
