import os from 'node:os';
import { backend, getBackend, version_core } from '@tensorflow/tfjs-core';
import { hostMetadata } from './host-metadata';
import type { LatencyMetadata } from './latency-table';

/** Options of `machineMetadata`. */
export interface MachineMetadataOptions {
  /** Untimed runs per entry. */
  warmup: number;
  /** Timed runs per entry. */
  repeats: number;
  /** GPU description to record (default: `tfjs-node-gpu (CUDA)` when the tensorflow backend uses a GPU). */
  gpu?: string;
}

/**
 * Describes the machine and the active tfjs backend for a table's `metadata`: backend name, tfjs-core version,
 * CPU model and core count, the backend's thread count (wasm: its own count, 1 in Node; cpu: 1; tensorflow:
 * the core count, libtensorflow's default pool), GPU, Node version and the date.
 *
 * @example
 * machineMetadata({ warmup: 10, repeats: 50 }); // { backend: 'wasm', threads: 1, cores: 2, ... }
 */
export function machineMetadata(options: MachineMetadataOptions): LatencyMetadata {
  const cpus = os.cpus();
  let active: { isUsingGpuDevice?: boolean; wasm?: { tfjs?: { getThreadsCount?: () => number } } };
  try {
    active = backend() as typeof active; // initializes the best registered backend, as the first op would
  } catch (error) {
    throw new Error(`machineMetadata: no tfjs backend is available (${(error as Error).message}); call selectBackend() first`);
  }
  const name = getBackend();
  const threads = name === 'wasm'
    ? active.wasm?.tfjs?.getThreadsCount?.() ?? 1
    : name === 'tensorflow' ? Math.max(1, cpus.length) : 1;
  const gpu = options.gpu ?? (active.isUsingGpuDevice === true ? 'tfjs-node-gpu (CUDA)' : undefined);
  return {
    ...hostMetadata({ warmup: options.warmup, repeats: options.repeats, tfjsVersion: version_core }),
    backend: name,
    threads,
    ...(gpu === undefined ? {} : { gpu }),
  };
}
