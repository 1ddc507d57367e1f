/**
 * A data-parallel group of worker threads on one machine, joined over one SharedArrayBuffer: a barrier and an
 * elementwise sum ("all-reduce") of Float32Arrays. No tfjs here; `data-parallel-step.ts` applies it to tensors.
 */

/** One worker's place in a data-parallel group. */
export interface DataParallelGroup {
  /** This worker's index, 0..size-1; rank 0 writes the run folder. */
  readonly rank: number;
  readonly size: number;
  /**
   * The elementwise sum of every worker's `values` (same length on each), in rank order, so every worker gets the
   * same result bit for bit. Blocks until every worker has called it.
   * @throws DataParallelAbortedError when a worker of the group failed (`abort`) or a wait timed out.
   */
  sum(values: Float32Array): Float32Array;
  /** Waits until every worker reached this point. */
  barrier(): void;
  /** Marks the group failed and wakes every waiting worker (each then throws `DataParallelAbortedError`). */
  abort(): void;
}

/** A worker of the group stopped (failed or timed out); the others stop too. */
export class DataParallelAbortedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataParallelAbortedError';
  }
}

// Header (Int32): barrier arrivals, barrier generation, aborted flag, slot length (floats per worker).
const ARRIVED = 0;
const GENERATION = 1;
const ABORTED = 2;
const SLOT = 3;
const HEADER_BYTES = 16;

/**
 * The shared memory of a group of `size` workers, each exchanging up to `slotFloats` floats per round (longer
 * arrays go in several rounds). Pass it to every worker (`workerData`) and join with `joinDataParallelGroup`.
 */
export function createDataParallelMemory(size: number, slotFloats = 1 << 20): SharedArrayBuffer {
  if (!Number.isInteger(size) || size < 1) throw new Error(`createDataParallelMemory: size: expected a positive integer, got ${size}`);
  const buffer = new SharedArrayBuffer(HEADER_BYTES + 8 + size * slotFloats * 4);
  new Int32Array(buffer, 0, 4)[SLOT] = slotFloats;
  return buffer;
}

/** Marks the group of `memory` failed (e.g. from the thread that saw a worker die), waking every waiting worker. */
export function abortDataParallelMemory(memory: SharedArrayBuffer): void {
  const header = new Int32Array(memory, 0, 4);
  Atomics.store(header, ABORTED, 1);
  Atomics.add(header, GENERATION, 1);
  Atomics.notify(header, GENERATION);
}

/**
 * Joins the group of `memory` as worker `rank` of `size`. `timeoutMs` bounds each wait (default 10 minutes):
 * a worker that waits longer for the others aborts the group.
 */
export function joinDataParallelGroup(memory: SharedArrayBuffer, rank: number, size: number, timeoutMs = 600_000): DataParallelGroup {
  if (!Number.isInteger(rank) || rank < 0 || rank >= size) throw new Error(`joinDataParallelGroup: rank: expected an integer in [0, ${size}), got ${rank}`);
  const header = new Int32Array(memory, 0, 4);
  const slotFloats = header[SLOT]!;
  if (memory.byteLength < HEADER_BYTES + 8 + size * slotFloats * 4) {
    throw new Error(`joinDataParallelGroup: the shared memory holds fewer than ${size} workers' slots (made by createDataParallelMemory for a smaller group?)`);
  }
  const slots = new Float32Array(memory, HEADER_BYTES + 8, size * slotFloats);
  const checkAborted = () => {
    if (Atomics.load(header, ABORTED) === 1) throw new DataParallelAbortedError(`data-parallel worker ${rank}: another worker of the group failed`);
  };
  const barrier = () => {
    checkAborted();
    const generation = Atomics.load(header, GENERATION);
    if (Atomics.add(header, ARRIVED, 1) === size - 1) {
      Atomics.store(header, ARRIVED, 0);
      Atomics.add(header, GENERATION, 1);
      Atomics.notify(header, GENERATION);
      return;
    }
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(header, GENERATION) === generation) {
      const left = deadline - Date.now();
      if (left <= 0) {
        abortDataParallelMemory(memory);
        throw new DataParallelAbortedError(`data-parallel worker ${rank}: waited ${timeoutMs} ms for the other workers`);
      }
      Atomics.wait(header, GENERATION, generation, left);
    }
    checkAborted();
  };
  return {
    rank,
    size,
    barrier,
    abort: () => abortDataParallelMemory(memory),
    sum(values) {
      const out = new Float32Array(values.length);
      if (size === 1) {
        out.set(values);
        return out;
      }
      for (let start = 0; start < values.length || start === 0; start += slotFloats) {
        const length = Math.min(slotFloats, values.length - start);
        slots.set(values.subarray(start, start + length), rank * slotFloats);
        barrier();
        for (let i = 0; i < length; i++) {
          let total = 0;
          for (let r = 0; r < size; r++) total += slots[r * slotFloats + i]!;
          out[start + i] = total;
        }
        // Nobody overwrites a slot before every worker has read it.
        barrier();
        if (values.length === 0) break;
      }
      return out;
    },
  };
}

/** A group of one (no other workers): `sum` returns a copy, `barrier` returns at once. */
export function soloGroup(): DataParallelGroup {
  return joinDataParallelGroup(createDataParallelMemory(1, 1), 0, 1);
}
