import { parseSpace, type SearchSpace } from '@fbnas/search-space';
import type { LatencyStat, LatencyTable } from '../latency-table';
import { spaceSha256 } from '../space-hash';

/**
 * A cheap space for measurement tests: 16×16×3 input, a fixed stem (8, stride 2), two searchable layers with
 * the same shape (8×8×8 → 8×8×8, so their entries share keys), three candidates, a fixed 1×1 conv, 4 classes.
 */
export function tinySpace(): SearchSpace {
  return parseSpace({
    format: 'fbnas.space/v1',
    name: 'latency-tiny',
    inputSize: 16,
    inputChannels: 3,
    numClasses: 4,
    basicArgs: { widthDivisor: 1 },
    candidates: { k3_e1: ['ir_k3', { expansion: 1 }], k5_e3: ['ir_k5', { expansion: 3 }], skip: ['skip'] },
    stages: [
      [{ fixed: ['conv_k3', 8, 2, 1] }],
      [{ search: 'a', outChannels: 8, stride: 1, repeat: 2 }],
      [{ fixed: ['conv_k1', 16, 1, 1] }],
    ],
  });
}

/** A statistic with the given median. */
export function stat(median: number, key = 'test-key'): LatencyStat {
  return { median, p90: median, std: 0, count: 5, key };
}

/**
 * A hand-written table for `tinySpace()`: fixed blocks 10 + 20 + 30 µs; layer a_0 k3_e1 1, k5_e3 2, skip 0;
 * layer a_1 k3_e1 4, k5_e3 8, skip 0.
 */
export function tinyTable(space: SearchSpace = tinySpace()): LatencyTable {
  return {
    format: 'fbnas.lut/v1',
    space: { name: space.name, sha256: spaceSha256(space) },
    unit: 'us',
    batchSize: 1,
    metadata: {
      backend: 'wasm', tfjsVersion: '4.22.0', cpu: 'test cpu', cores: 2, threads: 1, node: 'v20.0.0',
      date: '2026-01-01T00:00:00.000Z', warmup: 2, repeats: 5, predictOverhead: 'subtracted',
    },
    fixed: { 'backbone.stages.xif0_0': stat(10), 'backbone.stages.xif2_0': stat(20), head: stat(30) },
    layers: {
      a_0: { k3_e1: stat(1), k5_e3: stat(2), skip: stat(0) },
      a_1: { k3_e1: stat(4), k5_e3: stat(8), skip: stat(0) },
    },
  };
}
