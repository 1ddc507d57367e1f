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
   * The elementwise sum of every worker's `values` (same length and type on each), added in float64 in rank order
   * and returned in `values`' type, so every worker gets the same result bit for bit. Blocks until every worker has
   * called it.
   * @throws DataParallelAbortedError when a worker of the group failed (`abort`) or a wait timed out.
   */
  sum<T extends Float32Array | Float64Array>(values: T): T;
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
// Rounds alternate between two sets of slots: a worker writes set k % 2 in round k only after passing round k − 1's
// barrier, which every worker reaches only after reading round k − 2 (the last use of that set).
const SLOT_SETS = 2;
// How long a worker polls the barrier before it sleeps in `Atomics.wait`: the other workers of a balanced step
// arrive within microseconds, and waking a sleeping thread costs tens of them (more on a VM).
const SPIN_MS = 0.05;

/**
 * The shared memory of a group of `size` workers, each exchanging up to `slotFloats` floats per round (longer
 * arrays go in several rounds). Pass it to every worker (`workerData`) and join with `joinDataParallelGroup`.
 * It holds two sets of slots, used by alternate rounds, so a round needs one barrier (see `sum`).
 */
export function createDataParallelMemory(size: number, slotFloats = 1 << 20): SharedArrayBuffer {
  if (!Number.isInteger(size) || size < 1) throw new Error(`createDataParallelMemory: size: expected a positive integer, got ${size}`);
  if (!Number.isInteger(slotFloats) || slotFloats < 2) throw new Error(`createDataParallelMemory: slotFloats: expected an integer ≥ 2, got ${slotFloats}`);
  const buffer = new SharedArrayBuffer(HEADER_BYTES + 8 + SLOT_SETS * size * slotBytes(slotFloats));
  new Int32Array(buffer, 0, 4)[SLOT] = slotFloats;
  return buffer;
}

/** Bytes of one worker's slot: `slotFloats` float32s, rounded up to whole float64s. */
function slotBytes(slotFloats: number): number {
  return Math.ceil(slotFloats / 2) * 8;
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
  const bytes = slotBytes(slotFloats);
  if (memory.byteLength < HEADER_BYTES + 8 + SLOT_SETS * size * bytes) {
    throw new Error(`joinDataParallelGroup: the shared memory holds fewer than ${size} workers' slots (made by createDataParallelMemory for a smaller group?)`);
  }
  // The slots as float32s and as float64s (a slot is `bytes` long either way; offsets 8-aligned).
  const views = {
    float32: { slots: new Float32Array(memory, HEADER_BYTES + 8, (SLOT_SETS * size * bytes) / 4), per: bytes / 4 },
    float64: { slots: new Float64Array(memory, HEADER_BYTES + 8, (SLOT_SETS * size * bytes) / 8), per: bytes / 8 },
  };
  let round = 0;
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
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(header, GENERATION) === generation && performance.now() < spinUntil);
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
    sum<T extends Float32Array | Float64Array>(values: T): T {
      const wide = values instanceof Float64Array;
      const out = (wide ? new Float64Array(values.length) : new Float32Array(values.length)) as T;
      if (size === 1) {
        out.set(values);
        return out;
      }
      const { slots, per } = wide ? views.float64 : views.float32;
      for (let start = 0; start < values.length || start === 0; start += per) {
        const length = Math.min(per, values.length - start);
        const set = (round++ % SLOT_SETS) * size * per;
        slots.set(values.subarray(start, start + length), set + rank * per);
        barrier();
        for (let i = 0; i < length; i++) {
          let total = 0;
          for (let r = 0; r < size; r++) total += slots[set + r * per + i]!;
          out[start + i] = total;
        }
        if (values.length === 0) break;
      }
      return out;
    },
  };
}

/** A group of one (no other workers): `sum` returns a copy, `barrier` returns at once. */
export function soloGroup(): DataParallelGroup {
  return joinDataParallelGroup(createDataParallelMemory(1, 2), 0, 1);
}
