import { DatasetFileError } from './dataset-file-error';

/**
 * An image-classification dataset held in memory as bytes. Pixel `(y, x, c)` of example `n` is
 * `images[((n * height + y) * width + x) * channels + c]` (NHWC, 0–255); its class is `labels[n]`, in
 * `[0, classes)`.
 *
 * @example
 * const { train } = await loadEmbeddedFashionMnist();
 * console.log(train.count, train.height, train.width, train.channels); // 2500 28 28 1
 */
export interface Dataset {
  /** A short human-readable name, e.g. `fashion-mnist/train`. */
  readonly name: string;
  /** `count · height · width · channels` pixel values, 0–255, NHWC order. */
  readonly images: Uint8Array;
  /** `count` class indices in `[0, classes)`. */
  readonly labels: Uint8Array;
  /** Number of examples. */
  readonly count: number;
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Channels per pixel (1 for grayscale, 3 for RGB). */
  readonly channels: number;
  /** Number of classes; labels are in `[0, classes)`. */
  readonly classes: number;
  /** Optional class names, `classNames[label]`. */
  readonly classNames?: readonly string[];
}

/** A dataset's standard training and test parts. */
export interface DatasetSplits {
  /** The training part. */
  readonly train: Dataset;
  /** The held-out test part. */
  readonly test: Dataset;
}

/**
 * Checks that a dataset is consistent (positive integer sizes, array lengths matching `count`, labels in
 * `[0, classes)`) and returns it; errors name the dataset and the field.
 *
 * @example
 * assertDataset({ name: 'tiny', images: new Uint8Array(4), labels: new Uint8Array([1]), count: 1,
 *   height: 2, width: 2, channels: 1, classes: 2 });
 */
export function assertDataset(dataset: Dataset): Dataset {
  const { name } = dataset;
  for (const field of ['height', 'width', 'channels', 'classes'] as const) {
    const value = dataset[field];
    if (!Number.isInteger(value) || value < 1) {
      throw new DatasetFileError(name, field, `expected a positive integer, got ${value}`);
    }
  }
  if (!Number.isInteger(dataset.count) || dataset.count < 0) {
    throw new DatasetFileError(name, 'count', `expected a non-negative integer, got ${dataset.count}`);
  }
  const imageLength = dataset.count * dataset.height * dataset.width * dataset.channels;
  if (dataset.images.length !== imageLength) {
    throw new DatasetFileError(
      name,
      'images',
      `expected ${imageLength} bytes (${dataset.count} × ${dataset.height} × ${dataset.width} × ${dataset.channels}), got ${dataset.images.length}`,
    );
  }
  if (dataset.labels.length !== dataset.count) {
    throw new DatasetFileError(name, 'labels', `expected ${dataset.count} labels, got ${dataset.labels.length}`);
  }
  assertLabelsInRange(dataset.labels, dataset.classes, name, 'label');
  if (dataset.classNames !== undefined && dataset.classNames.length !== dataset.classes) {
    throw new DatasetFileError(name, 'classNames', `expected ${dataset.classes} names, got ${dataset.classNames.length}`);
  }
  return dataset;
}

/**
 * Throws unless every label is in `[0, classes)`; the error names `file` and `field[index]`.
 *
 * @example
 * assertLabelsInRange(new Uint8Array([0, 9]), 10, 'labels.idx', 'label'); // passes
 */
export function assertLabelsInRange(labels: Uint8Array, classes: number, file: string, field: string): void {
  for (let index = 0; index < labels.length; index += 1) {
    const label = labels[index] ?? 0;
    if (label >= classes) {
      throw new DatasetFileError(file, `${field}[${index}]`, `expected a class index in [0, ${classes}), got ${label}`);
    }
  }
}
