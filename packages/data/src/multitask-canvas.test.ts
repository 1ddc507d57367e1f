import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset } from './dataset';
import { loadEmbeddedFashionMnist } from './embedded-fashion-mnist';
import { cachedMultitaskCanvas } from './multitask-cache';
import { multitaskCanvas } from './multitask-canvas';
import { loadMultitaskDataset, multitaskDatasetSha256, saveMultitaskDataset } from './multitask-file';

// The bilinear reference was made with PyTorch 1.13:
//   F.interpolate(src[None, None], size=(s, s), mode='bilinear', align_corners=False) for s in 8, 4, 7
// of a seeded 5×5 image (torch.Generator().manual_seed(7), randint 0..255); see __fixtures__/bilinear-5x5.json.
const bilinear = JSON.parse(readFileSync(new URL('./__fixtures__/bilinear-5x5.json', import.meta.url), 'utf8')) as { source: number[]; resized: Record<string, number[]> };
const root = mkdtempSync(join(tmpdir(), 'fbnas-multitask-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function single(pixels: readonly number[], side: number, label = 3): Dataset {
  return { name: 'one', images: Uint8Array.from(pixels), labels: Uint8Array.of(label), count: 1, height: side, width: side, channels: 1, classes: 10 };
}

/** The tight box of example n's non-zero mask pixels, as fractions, or null. */
function maskBox(masks: Uint8Array, n: number, side: number): number[] | null {
  let [x0, y0, x1, y1] = [side, side, -1, -1];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (masks[n * side * side + y * side + x] !== 0) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
    }
  }
  return x1 < 0 ? null : [x0 / side, y0 / side, x1 / side, y1 / side];
}

describe('multitaskCanvas', () => {
  it('resizes items as PyTorch\'s bilinear interpolation (align_corners=False), up and down', () => {
    for (const [size, expected] of Object.entries(bilinear.resized)) {
      const side = Number(size);
      const scale = side / 5;
      const { images } = multitaskCanvas(single(bilinear.source, 5), { seed: 1, side, scale: [scale, scale], noise: 0, threshold: 254 });
      // The item fills the canvas (no room to move): the canvas is the rounded resized image.
      [...images].forEach((v, i) => expect(Math.abs(v - expected[i]!), `size ${side}, pixel ${i}`).toBeLessThanOrEqual(0.5 + 1e-3));
    }
  });

  it('labels one bright pixel: mask 1 + class at its place, its one-pixel box, noise never in the mask', () => {
    const source = single([0, 0, 0, 0, 0, 200, 0, 0, 0], 3, 4);
    const { images, masks, boxes, labels } = multitaskCanvas(source, { seed: 9, side: 12, scale: [1, 1], noise: 20, threshold: 100 });
    const at = masks.findIndex((m) => m !== 0);
    expect(masks.filter((m) => m !== 0)).toEqual(Uint8Array.of(5));
    expect(images[at]).toBe(200);
    const [x, y] = [at % 12, Math.floor(at / 12)];
    expect([...boxes]).toEqual([x / 12, y / 12, (x + 1) / 12, (y + 1) / 12].map(Math.fround));
    expect(labels[0]).toBe(4);
    // Background noise is in [0, 20] and present.
    const background = [...images].filter((_, i) => i !== at);
    expect(Math.max(...background)).toBeLessThanOrEqual(20);
    expect(new Set(background).size).toBeGreaterThan(5);
  });

  it('gives an item without foreground the box of its placement', () => {
    const { masks, boxes } = multitaskCanvas(single(new Array(9).fill(10), 3), { seed: 2, side: 6, scale: [1, 1], threshold: 32 });
    expect(masks.every((m) => m === 0)).toBe(true);
    const [x0, y0, x1, y1] = boxes;
    expect([x1! - x0!, y1! - y0!].map((v) => Math.round(v * 6))).toEqual([3, 3]);
  });

  it('pastes a photograph whole with foreground "patch": its colours replace the noise, its square is the mask and the box', () => {
    // A 2×2 colour image (3 channels), darker than the noise in places: pasted as is, unlike a thresholded item.
    const pixels = [5, 250, 0, 0, 0, 9, 120, 60, 30, 1, 2, 3];
    const source: Dataset = { name: 'photo', images: Uint8Array.from(pixels), labels: Uint8Array.of(7), count: 1, height: 2, width: 2, channels: 3, classes: 10 };
    const { images, masks, boxes, channels } = multitaskCanvas(source, { seed: 3, side: 5, scale: [1, 1], noise: 16, foreground: 'patch' });
    expect(channels).toBe(3);
    const [x0, y0, x1, y1] = [...boxes].map((v) => Math.round(v * 5));
    expect([x1! - x0!, y1! - y0!]).toEqual([2, 2]);
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) {
        const inside = x >= x0! && x < x1! && y >= y0! && y < y1!;
        expect(masks[y * 5 + x], `(${x}, ${y})`).toBe(inside ? 8 : 0);
        const pixel = [...images.subarray((y * 5 + x) * 3, (y * 5 + x) * 3 + 3)];
        if (inside) expect(pixel).toEqual(pixels.slice(((y - y0!) * 2 + (x - x0!)) * 3, ((y - y0!) * 2 + (x - x0!)) * 3 + 3));
        else expect(Math.max(...pixel)).toBeLessThanOrEqual(16);
      }
    }
    expect(() => multitaskCanvas(source, { seed: 0, foreground: 'edges' as never })).toThrow(/photo: multitaskCanvas: foreground: expected 'threshold' or 'patch', got "edges"/);
  });

  it('on Fashion-MNIST: boxes are the masks\' tight boxes, masks carry the class, sizes vary; deterministic per example', async () => {
    const { train } = await loadEmbeddedFashionMnist();
    const first = { ...train, count: 40, images: train.images.subarray(0, 40 * 784), labels: train.labels.subarray(0, 40) };
    const tasks = multitaskCanvas(first, { seed: 5 });
    expect([tasks.height, tasks.width, tasks.channels, tasks.count]).toEqual([56, 56, 1, 40]);
    const widths = new Set<number>();
    for (let n = 0; n < tasks.count; n++) {
      const values = new Set(tasks.masks.subarray(n * 3136, (n + 1) * 3136));
      expect([...values].every((v) => v === 0 || v === tasks.labels[n]! + 1), `example ${n}`).toBe(true);
      const box = maskBox(tasks.masks, n, 56)!;
      expect([...tasks.boxes.subarray(n * 4, n * 4 + 4)]).toEqual(box.map(Math.fround));
      widths.add(Math.round((box[2]! - box[0]!) * 56));
    }
    expect(widths.size).toBeGreaterThan(8);
    // Example n depends on (seed, n) only: a prefix gives the same examples; another seed other placements.
    const prefix = multitaskCanvas({ ...first, count: 10, images: first.images.subarray(0, 7840), labels: first.labels.subarray(0, 10) }, { seed: 5 });
    expect(prefix.images).toEqual(tasks.images.subarray(0, 10 * 3136));
    expect(prefix.boxes).toEqual(tasks.boxes.subarray(0, 40));
    expect(multitaskCanvas(first, { seed: 6 }).boxes).not.toEqual(tasks.boxes);
  });

  it('refuses options out of range, naming the source and the option', () => {
    const source = single(new Array(9).fill(0), 3);
    expect(() => multitaskCanvas(source, { seed: 0, side: 4, scale: [1, 2] })).toThrow(/one: multitaskCanvas: side: expected an integer ≥ 6/);
    expect(() => multitaskCanvas(source, { seed: 0, noise: 40, threshold: 32 })).toThrow(/noise: expected an integer in \[0, threshold = 32\]/);
    expect(() => multitaskCanvas(source, { seed: 0.5 })).toThrow(/seed: expected an integer/);
    expect(() => multitaskCanvas({ ...source, width: 4 }, { seed: 0 })).toThrow(/source: expected square images/);
  });
});

describe('multi-task dataset files', () => {
  it('round-trip, and a corrupted, truncated or foreign file is refused naming the field', async () => {
    const { train } = await loadEmbeddedFashionMnist();
    const tasks = multitaskCanvas({ ...train, count: 6, images: train.images.subarray(0, 6 * 784), labels: train.labels.subarray(0, 6) }, { seed: 1 });
    const file = join(root, 'tasks.fbmt');
    const savedSha256 = saveMultitaskDataset(file, tasks, { made: 'test' });
    const loaded = loadMultitaskDataset(file);
    expect(loaded).toMatchObject({ count: 6, height: 56, classes: 10, provenance: { made: 'test' } });
    for (const field of ['images', 'labels', 'masks', 'boxes'] as const) expect(loaded[field]).toEqual(tasks[field]);
    // The hash a run records is the header's, and it tells datasets apart.
    const header = JSON.parse(readFileSync(file).subarray(12, 12 + readFileSync(file).readUInt32LE(8)).toString('utf8')) as { sha256: string };
    expect(multitaskDatasetSha256(tasks)).toBe(header.sha256);
    expect(multitaskDatasetSha256(loaded)).toBe(header.sha256);
    // Both ends give that hash without hashing again: save returns it, load returns the header's (checked).
    expect(savedSha256).toBe(multitaskDatasetSha256(tasks));
    expect(loaded.sha256).toBe(multitaskDatasetSha256(loaded));
    expect(multitaskDatasetSha256({ ...tasks, labels: tasks.labels.map((l) => (l + 1) % 10) })).not.toBe(header.sha256);

    const bytes = readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100]! ^= 1;
    writeFileSync(join(root, 'flipped.fbmt'), flipped);
    expect(() => loadMultitaskDataset(join(root, 'flipped.fbmt'))).toThrow(/flipped\.fbmt: sha256: the body's SHA-256 is [0-9a-f]{64}, the header says/);
    writeFileSync(join(root, 'short.fbmt'), bytes.subarray(0, bytes.length - 10));
    expect(() => loadMultitaskDataset(join(root, 'short.fbmt'))).toThrow(/short\.fbmt: body: expected \d+ bytes \(6 examples of 56×56×1\), got \d+ \(truncated\)/);
    writeFileSync(join(root, 'other.fbmt'), Buffer.from('not a dataset at all'));
    expect(() => loadMultitaskDataset(join(root, 'other.fbmt'))).toThrow(/other\.fbmt: magic: expected a file starting with FBNASMT1/);
  });

  it('caches: built once, then read back equal; a damaged cache file is rebuilt', async () => {
    const { train } = await loadEmbeddedFashionMnist();
    const source = { ...train, count: 8, images: train.images.subarray(0, 8 * 784), labels: train.labels.subarray(0, 8) };
    const cacheDir = join(root, 'cache');
    const built = cachedMultitaskCanvas(source, { seed: 3 }, cacheDir);
    const again = cachedMultitaskCanvas(source, { seed: 3 }, cacheDir);
    expect([built.cached, again.cached]).toEqual([false, true]);
    expect(again.file).toBe(built.file);
    // The SHA-256 passed on, built or read, is the dataset's.
    expect(built.sha256).toBe(multitaskDatasetSha256(built.dataset));
    expect(again.sha256).toBe(multitaskDatasetSha256(again.dataset));
    expect(again.dataset.masks).toEqual(built.dataset.masks);
    expect(cachedMultitaskCanvas(source, { seed: 4 }, cacheDir).file).not.toBe(built.file);
    writeFileSync(built.file, 'damaged');
    const rebuilt = cachedMultitaskCanvas(source, { seed: 3 }, cacheDir);
    expect(rebuilt.cached).toBe(false);
    expect(rebuilt.dataset.boxes).toEqual(built.dataset.boxes);
  });
});
