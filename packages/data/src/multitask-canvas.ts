import { deriveSeed, mulberry32 } from '@fbnas/core';
import type { Dataset } from './dataset';

/**
 * A multi-task dataset (FBNetV5's one dataset for every task, §5.4 of the methods notes): per example an image,
 * its class, a segmentation mask and a bounding box. Pixel `(y, x, c)` of example `n` is
 * `images[((n * height + y) * width + x) * channels + c]` (NHWC, 0–255).
 */
export interface MultitaskDataset {
  /** A short name, e.g. `fashion-mnist/train+canvas56`. */
  readonly name: string;
  readonly count: number;
  /** Canvas height and width (pixels). */
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** `count · height · width · channels` pixel values, 0–255. */
  readonly images: Uint8Array;
  /** Classification: `count` class indices in `[0, classes)`. */
  readonly labels: Uint8Array;
  readonly classes: number;
  readonly classNames?: readonly string[];
  /**
   * Segmentation: `count · height · width` pixel labels: 0 for background, `1 + class` for the item's foreground
   * pixels (so `classes + 1` segmentation classes).
   */
  readonly masks: Uint8Array;
  /**
   * Detection (box regression): `count · 4` numbers `[x0, y0, x1, y1]`, the tight box of the example's foreground
   * pixels as fractions of the canvas width and height (`x1`, `y1` exclusive: a one-pixel item at column 3 of a
   * 56-pixel canvas has x0 = 3/56, x1 = 4/56).
   */
  readonly boxes: Float32Array;
}

/** Options of `multitaskCanvas`. */
export interface MultitaskCanvasOptions {
  /** Seed of every placement and of the background noise (example n's draws derive from (seed, n)). */
  seed: number;
  /** Canvas side (pixels, default 56: twice Fashion-MNIST's). */
  side?: number;
  /** Range of item scale factors, drawn uniformly (default [0.75, 1.5]: 21–42 pixels for a 28-pixel item). */
  scale?: readonly [number, number];
  /** A source pixel above this (0–255, default 32) is the item's foreground. */
  threshold?: number;
  /** Largest background noise value (0–255, default 16; at most `threshold`): uniform noise in [0, noise]. */
  noise?: number;
  /**
   * What of the item is foreground: `threshold` (default; an object on a dark ground, as Fashion-MNIST's) — its
   * pixels brighter than `threshold`, drawn over the noise where brighter; `patch` (photographs, as CIFAR-10's) — the
   * whole resized image, pasted over the noise, so the box is its placement and the mask its square.
   */
  foreground?: 'threshold' | 'patch';
}

/**
 * Builds FBNetV5's multi-task dataset from an image-classification set (as the paper builds one from ImageNet):
 * each source image, scaled by a seeded random factor (bilinear), is placed at a seeded random position on a
 * larger canvas over faint uniform noise. Its labels for every task come from the item itself, not a teacher: the
 * class; a segmentation mask of the item's foreground pixels (scaled source value above `threshold`, or the whole
 * pasted image with `foreground: 'patch'`; label `1 + class`); and the tight box around them. An item with no foreground pixel gets the box of its placement.
 * Deterministic: example n depends only on (seed, n) and source example n, so subsets and caches agree.
 *
 * @throws Error naming the source and the option for an option out of range or a source that is not square.
 * @example
 * const { train } = await loadEmbeddedFashionMnist();
 * const tasks = multitaskCanvas(train, { seed: 0 }); // 56×56 images, masks and boxes
 */
export function multitaskCanvas(source: Dataset, options: MultitaskCanvasOptions): MultitaskDataset {
  const side = options.side ?? 56;
  const [minScale, maxScale] = options.scale ?? [0.75, 1.5];
  const threshold = options.threshold ?? 32;
  const noise = options.noise ?? 16;
  const foreground = options.foreground ?? 'threshold';
  const fail = (field: string, detail: string): never => {
    throw new Error(`${source.name}: multitaskCanvas: ${field}: ${detail}`);
  };
  if (source.width !== source.height) fail('source', `expected square images, got ${source.height}×${source.width}`);
  if (!Number.isInteger(options.seed)) fail('seed', `expected an integer, got ${options.seed}`);
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > 254) fail('threshold', `expected an integer in [0, 254], got ${threshold}`);
  if (!Number.isInteger(noise) || noise < 0 || noise > threshold) fail('noise', `expected an integer in [0, threshold = ${threshold}], got ${noise}`);
  if (foreground !== 'threshold' && foreground !== 'patch') fail('foreground', `expected 'threshold' or 'patch', got ${JSON.stringify(foreground)}`);
  if (!(minScale > 0 && minScale <= maxScale)) fail('scale', `expected [min, max] with 0 < min ≤ max, got [${minScale}, ${maxScale}]`);
  const largest = Math.round(source.width * maxScale);
  if (!Number.isInteger(side) || side < largest) fail('side', `expected an integer ≥ ${largest} (the largest scaled item), got ${side}`);

  const { count, channels } = source;
  const images = new Uint8Array(count * side * side * channels);
  const masks = new Uint8Array(count * side * side);
  const labels = Uint8Array.from(source.labels);
  const boxes = new Float32Array(count * 4);
  for (let n = 0; n < count; n++) {
    const random = mulberry32(deriveSeed(options.seed, n));
    const size = Math.round(source.width * (minScale + (maxScale - minScale) * random()));
    const top = Math.floor(random() * (side - size + 1));
    const left = Math.floor(random() * (side - size + 1));
    const canvas = images.subarray(n * side * side * channels, (n + 1) * side * side * channels);
    for (let i = 0; i < canvas.length; i++) canvas[i] = Math.floor(random() * (noise + 1));
    const mask = masks.subarray(n * side * side, (n + 1) * side * side);
    const box = placeItem(source, n, { size, top, left, side, threshold: foreground === 'patch' ? -1 : threshold, label: labels[n]! + 1, paste: foreground === 'patch' }, canvas, mask);
    boxes.set(box ?? [left / side, top / side, (left + size) / side, (top + size) / side], n * 4);
  }
  return {
    name: `${source.name}+canvas${side}`, count, height: side, width: side, channels, images, labels, classes: source.classes,
    ...(source.classNames === undefined ? {} : { classNames: source.classNames }), masks, boxes,
  };
}

/**
 * Draws source example `n`, resized (bilinear, align-corners off) to `size × size`, at (`top`, `left`) of the
 * canvas: an item pixel replaces the noise where it is brighter (everywhere with `paste`). Marks its foreground
 * (resized value, averaged over the channels, above `threshold`) in `mask` with `label`; returns its tight box, or
 * null when it has none.
 */
function placeItem(
  source: Dataset, n: number, at: { size: number; top: number; left: number; side: number; threshold: number; label: number; paste: boolean },
  canvas: Uint8Array, mask: Uint8Array,
): [number, number, number, number] | null {
  const { size, top, left, side, threshold, label, paste } = at;
  const { width: sourceSide, channels } = source;
  const base = n * sourceSide * sourceSide * channels;
  const value = new Float64Array(channels);
  let [x0, y0, x1, y1] = [side, side, -1, -1];
  for (let y = 0; y < size; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * sourceSide) / size - 0.5, 0), sourceSide - 1);
    const ya = Math.floor(sy);
    const yb = Math.min(ya + 1, sourceSide - 1);
    const fy = sy - ya;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * sourceSide) / size - 0.5, 0), sourceSide - 1);
      const xa = Math.floor(sx);
      const xb = Math.min(xa + 1, sourceSide - 1);
      const fx = sx - xa;
      let mean = 0;
      for (let c = 0; c < channels; c++) {
        const p = (r: number, q: number) => source.images[base + (r * sourceSide + q) * channels + c]!;
        value[c] = (1 - fy) * ((1 - fx) * p(ya, xa) + fx * p(ya, xb)) + fy * ((1 - fx) * p(yb, xa) + fx * p(yb, xb));
        mean += value[c]! / channels;
      }
      const cy = top + y;
      const cx = left + x;
      const offset = (cy * side + cx) * channels;
      for (let c = 0; c < channels; c++) canvas[offset + c] = paste ? Math.round(value[c]!) : Math.max(canvas[offset + c]!, Math.round(value[c]!));
      if (mean > threshold) {
        mask[cy * side + cx] = label;
        x0 = Math.min(x0, cx);
        y0 = Math.min(y0, cy);
        x1 = Math.max(x1, cx + 1);
        y1 = Math.max(y1, cy + 1);
      }
    }
  }
  return x1 < 0 ? null : [x0 / side, y0 / side, x1 / side, y1 / side];
}
