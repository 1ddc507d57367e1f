import os from 'node:os';
import type { LatencyMetadata } from './latency-table';

/** Options of `hostMetadata`. */
export interface HostMetadataOptions {
  /** Untimed runs per entry. */
  warmup: number;
  /** Timed runs per entry. */
  repeats: number;
  /** The tfjs-core version to record (default `none`: a computed table involves no tfjs). */
  tfjsVersion?: string;
}

/**
 * The part of a table's metadata that needs no tfjs (pure; usable without tfjs installed): `backend` `none`,
 * 1 thread, the CPU model and core count, Node version and date. `machineMetadata` adds the active backend.
 *
 * @example
 * hostMetadata({ warmup: 0, repeats: 0 }); // { backend: 'none', tfjsVersion: 'none', cpu: '…', cores: 2, threads: 1, ... }
 */
export function hostMetadata(options: HostMetadataOptions): LatencyMetadata {
  const cpus = os.cpus();
  return {
    backend: 'none',
    tfjsVersion: options.tfjsVersion ?? 'none',
    cpu: cpus[0]?.model.trim() || 'unknown',
    cores: Math.max(1, cpus.length),
    threads: 1,
    node: process.version,
    date: new Date().toISOString(),
    warmup: options.warmup,
    repeats: options.repeats,
  };
}
