// Test helpers: hand-made IDX and CIFAR-10 bytes, and throwaway folders to put them in.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Dataset } from '../dataset';

/** Big-endian IDX header words followed by the data bytes. */
export function idxBytes(words: readonly number[], data: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(4 * words.length + data.length);
  const view = new DataView(bytes.buffer);
  words.forEach((word, index) => view.setUint32(4 * index, word, false));
  bytes.set(Array.from(data), 4 * words.length);
  return bytes;
}

/** An `idx3-ubyte` file of `count` images of `height × width`, pixel values given in order. */
export function idxImages(count: number, height: number, width: number, pixels: ArrayLike<number>): Uint8Array {
  return idxBytes([0x00000803, count, height, width], pixels);
}

/** An `idx1-ubyte` file of the given labels. */
export function idxLabels(labels: readonly number[]): Uint8Array {
  return idxBytes([0x00000801, labels.length], labels);
}

/** Gzips bytes (what `.gz` dataset files hold). */
export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes);
}

/** Writes `files` (relative path → bytes) into a fresh temporary folder and returns the folder. */
export function temporaryFolder(files: Record<string, Uint8Array>): string {
  const folder = mkdtempSync(join(tmpdir(), 'fbnas-data-test-'));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), bytes);
  }
  return folder;
}

/** Four tiny MNIST-layout files (28×28 images, pixel value = image index), train 3 images, test 2. */
export function tinyMnistFiles(compress: boolean): Record<string, Uint8Array> {
  const image = (count: number) => Array.from({ length: count * 784 }, (_, index) => Math.floor(index / 784));
  const pack = (bytes: Uint8Array) => (compress ? gzip(bytes) : bytes);
  const suffix = compress ? '.gz' : '';
  return {
    [`train-images-idx3-ubyte${suffix}`]: pack(idxImages(3, 28, 28, image(3))),
    [`train-labels-idx1-ubyte${suffix}`]: pack(idxLabels([9, 0, 3])),
    [`t10k-images-idx3-ubyte${suffix}`]: pack(idxImages(2, 28, 28, image(2))),
    [`t10k-labels-idx1-ubyte${suffix}`]: pack(idxLabels([1, 2])),
  };
}

/** One CIFAR-10 record: label, then the red, green and blue planes (1024 bytes each). */
export function cifarRecord(label: number, pixel: (channel: number, y: number, x: number) => number): Uint8Array {
  const record = new Uint8Array(3073);
  record[0] = label;
  for (let channel = 0; channel < 3; channel += 1) {
    for (let y = 0; y < 32; y += 1) {
      for (let x = 0; x < 32; x += 1) record[1 + channel * 1024 + y * 32 + x] = pixel(channel, y, x);
    }
  }
  return record;
}

/** A small in-memory dataset: `count` images of `height × width × channels`, pixel = (index·7 + offset) mod 256. */
export function syntheticDataset(count: number, classes: number, shape = { height: 4, width: 5, channels: 2 }): Dataset {
  const size = shape.height * shape.width * shape.channels;
  const images = Uint8Array.from({ length: count * size }, (_, offset) => (Math.floor(offset / size) * 7 + offset) % 256);
  const labels = Uint8Array.from({ length: count }, (_, index) => (index * 3) % classes);
  return { name: 'synthetic', images, labels, count, ...shape, classes };
}
