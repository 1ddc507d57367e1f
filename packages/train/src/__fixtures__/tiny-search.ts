/** A tiny DNAS setup for fast tests: an 8×8×1 input, two searchable layers of three candidates, three classes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../batch';
import { planEntry, planHead } from '../plan-entry';
import type { SupernetLayout } from '../supernet';

export const SHAPE = [8, 8, 1] as const;
const CANDIDATES: [string, number, Record<string, number>][] = [['ir_k3', 1, { expansion: 1 }], ['ir_k5', 1, { expansion: 3 }], ['skip', 0, {}]];

export function tinyLayout(): SupernetLayout {
  const stem = planEntry(['conv_k3', 8, 2, 1], { height: 8, width: 8, channels: 1 });
  const shape = stem.outShape;
  const search = (id: string) => ({
    kind: 'search' as const, id, inShape: shape,
    candidates: CANDIDATES.map(([op, , args]) => ({ name: op, plan: planEntry([op, 8, 1, 1, args], shape).plan })),
  });
  return {
    name: 'tiny',
    items: [
      { kind: 'fixed', path: 'stem', plan: stem.plan, inShape: { height: 8, width: 8, channels: 1 } },
      search('tbs_0'),
      search('tbs_1'),
      { kind: 'fixed', path: 'head', plan: planHead(shape, 3).plan, inShape: shape },
    ],
  };
}

/** Three classes of 8×8 images: bright top, bright bottom, dark; deterministic per epoch. */
export function tinyBatches(count: number, offset: number) {
  return (epoch: number): Batch[] => {
    const out: Batch[] = [];
    for (let b = 0; b < count; b++) {
      const size = 6;
      const images = new Float32Array(size * 64);
      const labels = new Int32Array(size);
      for (let i = 0; i < size; i++) {
        const label = (b + i + epoch + offset) % 3;
        labels[i] = label;
        for (let p = 0; p < 64; p++) images[i * 64 + p] = (label === 0 && p < 32) || (label === 1 && p >= 32) ? 1 : ((p * 7 + i) % 5) / 10;
      }
      out.push({ images, labels, size });
    }
    return out;
  };
}

/** The expected cost of `[2, 3]` probabilities under per-candidate costs (µs) plus 500 for the fixed blocks. */
export function costOf(costs: number[][]): (p: tf.Tensor2D) => tf.Scalar {
  const table = tf.tensor2d(costs);
  return (p) => tf.tidy(() => tf.add(tf.sum(tf.mul(p, table)), 500) as tf.Scalar);
}

/** Temporary folders, removed by `removeAll` (call it in `afterAll`). */
export function temporaryFolders(prefix: string): { folder: () => string; removeAll: () => void } {
  const folders: string[] = [];
  return {
    folder: () => {
      const f = mkdtempSync(join(tmpdir(), prefix));
      folders.push(f);
      return f;
    },
    removeAll: () => {
      for (const f of folders) rmSync(f, { recursive: true, force: true });
    },
  };
}

/**
 * `count` batches of 8 images 8×8×1 of two classes (bright left or right half, plus noise); the order depends on
 * the epoch, so it is a `BatchSource` for retraining tests.
 */
export function halvesBatches(epoch: number, count = 4): Batch[] {
  return Array.from({ length: count }, (_, b) => {
    const size = 8;
    const images = new Float32Array(size * 64);
    const labels = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      labels[i] = (b + i + epoch) % 2;
      for (let p = 0; p < 64; p++) images[i * 64 + p] = ((p % 8 < 4) === (labels[i] === 0) ? 1 : 0) + ((p * 13 + i * 7 + b + epoch) % 10) / 20;
    }
    return { images, labels, size };
  });
}

