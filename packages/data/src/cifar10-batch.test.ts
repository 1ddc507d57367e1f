import { describe, expect, it } from 'vitest';
import { cifarRecord } from './__fixtures__/synthetic-files';
import { parseCifar10Batch } from './cifar10-batch';

const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => Array.from(part)));

describe('parseCifar10Batch', () => {
  it('reads labels and converts each record from CHW to HWC', () => {
    // Record 0: R = y, G = x, B = 200. Record 1: R = 1, G = 2, B = (y + x) % 256.
    const bytes = concat(cifarRecord(7, (channel, y, x) => [y, x, 200][channel] ?? 0), cifarRecord(3, (channel, y, x) => [1, 2, (y + x) % 256][channel] ?? 0));
    const { images, labels, count } = parseCifar10Batch(bytes, 'two.bin');
    expect(count).toBe(2);
    expect(Array.from(labels)).toEqual([7, 3]);
    expect(images.length).toBe(2 * 32 * 32 * 3);
    // record 0, pixel (y 0, x 0): R 0 G 0 B 200; pixel (0, 1): R 0 G 1 B 200; pixel (5, 9): R 5 G 9 B 200
    expect(Array.from(images.subarray(0, 6))).toEqual([0, 0, 200, 0, 1, 200]);
    expect(Array.from(images.subarray((5 * 32 + 9) * 3, (5 * 32 + 9) * 3 + 3))).toEqual([5, 9, 200]);
    // record 1, pixel (31, 30): R 1, G 2, B 61
    const start = 32 * 32 * 3 + (31 * 32 + 30) * 3;
    expect(Array.from(images.subarray(start, start + 3))).toEqual([1, 2, 61]);
  });

  it('rejects a size that is not a whole number of 3073-byte records, naming the file', () => {
    expect(() => parseCifar10Batch(new Uint8Array(3073 * 2 - 1), '/data/data_batch_1.bin')).toThrow(
      '/data/data_batch_1.bin: size: expected a positive multiple of 3073 bytes (records of 1 label byte + 3 × 32 × 32 pixels), got 6145 (1 records + 3072 bytes)',
    );
    expect(() => parseCifar10Batch(new Uint8Array(0), 'empty.bin')).toThrow(/^empty\.bin: size: expected a positive multiple of 3073/);
  });

  it('rejects a label outside [0, 10)', () => {
    expect(() => parseCifar10Batch(concat(cifarRecord(1, () => 0), cifarRecord(12, () => 0)), 'bad.bin')).toThrow(
      'bad.bin: record label[1]: expected a class index in [0, 10), got 12',
    );
  });
});
