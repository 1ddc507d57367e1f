import type { Dataset } from './dataset';

/**
 * A new dataset holding copies of the examples at `indices`, in that order (repeats allowed). Metadata is
 * kept; `name` defaults to the source's.
 *
 * @example
 * const firstTen = selectExamples(train, Array.from({ length: 10 }, (_, index) => index), 'train/first-10');
 */
export function selectExamples(dataset: Dataset, indices: ArrayLike<number>, name: string = dataset.name): Dataset {
  const imageSize = dataset.height * dataset.width * dataset.channels;
  const images = new Uint8Array(indices.length * imageSize);
  const labels = new Uint8Array(indices.length);
  for (let position = 0; position < indices.length; position += 1) {
    const index = indices[position] ?? -1;
    if (!Number.isInteger(index) || index < 0 || index >= dataset.count) {
      throw new Error(`selectExamples: indices[${position}]: expected an integer in [0, ${dataset.count}), got ${index}`);
    }
    images.set(dataset.images.subarray(index * imageSize, (index + 1) * imageSize), position * imageSize);
    labels[position] = dataset.labels[index] ?? 0;
  }
  return { ...dataset, name, images, labels, count: indices.length };
}
