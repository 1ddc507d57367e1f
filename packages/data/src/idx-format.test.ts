import { describe, expect, it } from 'vitest';
import { idxBytes, idxImages, idxLabels } from './__fixtures__/synthetic-files';
import { DatasetFileError } from './dataset-file-error';
import { parseIdxImages, parseIdxLabels } from './idx-format';

describe('parseIdxImages', () => {
  it('reads count, rows, columns (big-endian) and the pixels in order', () => {
    const bytes = idxImages(2, 2, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const parsed = parseIdxImages(bytes, 'tiny-images');
    expect([parsed.count, parsed.height, parsed.width]).toEqual([2, 2, 3]);
    expect(Array.from(parsed.images)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('reads sizes above 255 (big-endian, all four bytes)', () => {
    const parsed = parseIdxImages(idxImages(0, 300, 1, []), 'wide');
    expect(parsed.height).toBe(300);
  });

  it('rejects a labels file given as images, naming the file and both magic numbers', () => {
    expect(() => parseIdxImages(idxLabels([1]), '/data/oops-idx3-ubyte')).toThrow(
      '/data/oops-idx3-ubyte: magic number: expected 0x00000803 (IDX unsigned bytes, 3 dimensions) for images, got 0x00000801 (IDX unsigned bytes, 1 dimension)',
    );
  });

  it('rejects a file that is not IDX at all', () => {
    const png = idxBytes([0x89504e47, 0, 0, 0], []);
    expect(() => parseIdxImages(png, 'photo.png')).toThrow(/photo\.png: magic number: .* got 0x89504e47 \(not an IDX file\)/);
  });

  it('rejects truncated data with the expected and actual byte counts', () => {
    const bytes = idxImages(2, 2, 2, [1, 2, 3, 4, 5]);
    const error = (() => {
      try {
        parseIdxImages(bytes, 'train-images-idx3-ubyte.gz');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DatasetFileError);
    expect((error as DatasetFileError).message).toBe(
      'train-images-idx3-ubyte.gz: data: expected 24 bytes (16-byte header + 2 × 2 × 2), got 21 (truncated)',
    );
    expect((error as DatasetFileError).file).toBe('train-images-idx3-ubyte.gz');
    expect((error as DatasetFileError).field).toBe('data');
  });

  it('rejects a truncated header and trailing bytes', () => {
    expect(() => parseIdxImages(new Uint8Array([0, 0, 8, 3, 0]), 'short')).toThrow(
      'short: header: expected at least 16 bytes, got 5 (truncated)',
    );
    expect(() => parseIdxImages(idxImages(1, 1, 1, [1, 2]), 'long')).toThrow('long: data: expected 17 bytes (16-byte header + 1 × 1 × 1), got 18 (trailing bytes)');
  });

  it('rejects wrong or zero dimensions', () => {
    expect(() => parseIdxImages(idxImages(1, 2, 2, [0, 0, 0, 0]), 'small', { height: 28, width: 28 })).toThrow(
      'small: dimensions: expected 28 × 28 (rows × columns) images, got 2 × 2',
    );
    expect(() => parseIdxImages(idxImages(1, 0, 5, []), 'flat')).toThrow('flat: dimensions: expected positive rows × columns images, got 0 × 5');
  });
});

describe('parseIdxLabels', () => {
  it('reads the labels', () => {
    expect(Array.from(parseIdxLabels(idxLabels([3, 0, 9]), 'labels', 10))).toEqual([3, 0, 9]);
  });

  it('rejects a label outside [0, classes), naming the file and the index', () => {
    expect(() => parseIdxLabels(idxLabels([3, 0, 10]), '/data/train-labels-idx1-ubyte', 10)).toThrow(
      '/data/train-labels-idx1-ubyte: label[2]: expected a class index in [0, 10), got 10',
    );
  });

  it('rejects images given as labels and truncated labels', () => {
    expect(() => parseIdxLabels(idxImages(1, 1, 1, [0]), 'swapped', 10)).toThrow(/swapped: magic number: expected 0x00000801/);
    expect(() => parseIdxLabels(idxBytes([0x00000801, 4], [1, 2]), 'cut', 10)).toThrow(
      'cut: data: expected 12 bytes (8-byte header + 4), got 10 (truncated)',
    );
  });
});
