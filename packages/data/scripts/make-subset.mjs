#!/usr/bin/env node
// Recreates the embedded Fashion-MNIST subset in assets/fashion-mnist-subset/ from the full dataset.
//
//   node scripts/make-subset.mjs [SOURCE_DIRECTORY]     (default /usr/share/datasets/fashion-mnist)
//
// Selection rule: in file order, keep an example while fewer than TRAIN_PER_CLASS (training file) or
// TEST_PER_CLASS (test file) examples of its class have been kept, i.e. the first N of each class, in their
// original order. Output: the four IDX files, gzip level 9 with no timestamp (so reruns are byte-identical),
// and provenance.json with the source and output sha256s. Standalone on purpose: no build, only node:*.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const TRAIN_PER_CLASS = 250;
const TEST_PER_CLASS = 50;
const CLASSES = 10;
const source = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const output = fileURLToPath(new URL('../assets/fashion-mnist-subset/', import.meta.url));

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const readBigEndian = (bytes, offset) => bytes.readUInt32BE(offset);

function readIdx(file, expectedMagic) {
  const packed = readFileSync(join(source, file));
  const bytes = packed[0] === 0x1f && packed[1] === 0x8b ? gunzipSync(packed) : packed;
  const magic = readBigEndian(bytes, 0);
  if (magic !== expectedMagic) throw new Error(`${file}: magic: expected 0x${expectedMagic.toString(16)}, got 0x${magic.toString(16)}`);
  return { packed, bytes };
}

function makeSplit(prefix, perClass) {
  const imagesFile = `${prefix}-images-idx3-ubyte.gz`;
  const labelsFile = `${prefix}-labels-idx1-ubyte.gz`;
  const images = readIdx(imagesFile, 0x00000803);
  const labels = readIdx(labelsFile, 0x00000801);
  const count = readBigEndian(labels.bytes, 4);
  const rows = readBigEndian(images.bytes, 8);
  const columns = readBigEndian(images.bytes, 12);
  const imageSize = rows * columns;
  const kept = new Array(CLASSES).fill(0);
  const selected = [];
  for (let index = 0; index < count && selected.length < perClass * CLASSES; index += 1) {
    const label = labels.bytes[8 + index];
    if (kept[label] < perClass) {
      kept[label] += 1;
      selected.push(index);
    }
  }
  if (kept.some((value) => value !== perClass)) throw new Error(`${prefix}: fewer than ${perClass} examples in some class: ${kept}`);
  const imageHeader = Buffer.alloc(16);
  imageHeader.writeUInt32BE(0x00000803, 0);
  imageHeader.writeUInt32BE(selected.length, 4);
  imageHeader.writeUInt32BE(rows, 8);
  imageHeader.writeUInt32BE(columns, 12);
  const labelHeader = Buffer.alloc(8);
  labelHeader.writeUInt32BE(0x00000801, 0);
  labelHeader.writeUInt32BE(selected.length, 4);
  const imageBytes = Buffer.concat([imageHeader, ...selected.map((index) => images.bytes.subarray(16 + index * imageSize, 16 + (index + 1) * imageSize))]);
  const labelBytes = Buffer.concat([labelHeader, Buffer.from(selected.map((index) => labels.bytes[8 + index]))]);
  const outputs = {};
  for (const [name, bytes] of [[imagesFile, imageBytes], [labelsFile, labelBytes]]) {
    const packed = gzipSync(bytes, { level: 9 });
    writeFileSync(join(output, name), packed);
    outputs[name] = { sha256: sha256(packed), bytes: packed.length, uncompressedSha256: sha256(bytes) };
  }
  return {
    count: selected.length,
    perClass,
    lastSourceIndex: selected.at(-1),
    sources: { [imagesFile]: sha256(images.packed), [labelsFile]: sha256(labels.packed) },
    outputs,
  };
}

mkdirSync(output, { recursive: true });
const train = makeSplit('train', TRAIN_PER_CLASS);
const test = makeSplit('t10k', TEST_PER_CLASS);
const provenance = {
  dataset: 'Fashion-MNIST (Zalando Research, MIT licence), https://github.com/zalandoresearch/fashion-mnist',
  source: 'Debian package dataset-fashion-mnist, /usr/share/datasets/fashion-mnist',
  selection:
    'first N examples of each class in file order, original order kept: N = 250 per class from train-*, 50 per class from t10k-*',
  generator: 'packages/data/scripts/make-subset.mjs (gzip level 9, no timestamp)',
  train: { ...train },
  test: { ...test },
};
writeFileSync(join(output, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
console.log(`wrote ${train.count} training and ${test.count} test images to ${output}`);
