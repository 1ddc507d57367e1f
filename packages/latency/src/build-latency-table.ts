import { planPrimitivesOf, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { planSpace, type PlannedSpaceBlock, type SearchSpace } from '@fbnas/search-space';
import { LATENCY_TABLE_FORMAT, type LatencyStat, type LatencyTable } from './latency-table';
import { machineMetadata } from './machine-metadata';
import { measureBlock, measureReadout } from './measure-block';
import { spaceSha256 } from './space-hash';
import { median } from './statistics';
import { summarize } from './summarize';

/** Options of `buildLatencyTable`. */
export interface BuildLatencyTableOptions {
  /** Images per forward pass (1 as the paper; the search batch to rank what training will cost). */
  batchSize: number;
  /** Untimed runs per entry (default 10). */
  warmup?: number;
  /**
   * Before timing anything, run every distinct block and readout `warmup` times untimed (default true). The first
   * blocks timed in a process otherwise pay for a cold backend and JIT: 2–4× their warm median in our wasm runs
   * (docs/benchmarks.md, "A warm-up pass before the latency table").
   */
  warmupPass?: boolean;
  /** Timed runs per entry (default 50). */
  repeats?: number;
  /**
   * Subtract, from every block but the head, the cost of one `predict` call and of reading its output back
   * (`measureReadout`), which a whole network pays only once (default true; recorded as
   * `metadata.predictOverhead`).
   */
  subtractReadout?: boolean;
  /** Op specs (default: `@fbnas/ops`' built-in registry). */
  ops?: OpSpecRegistry;
  /** GPU description for the metadata. */
  gpu?: string;
  /** Called after each entry (measured, reused or empty). */
  onProgress?: (progress: LatencyProgress) => void;
}

/** One step of `buildLatencyTable`. */
export interface LatencyProgress {
  /** Entries done, this one included. */
  done: number;
  /** Entries in all: fixed blocks + (layer, candidate) pairs. */
  total: number;
  /** `fixed.<path>` or `layers.<id>.<candidate>`. */
  entry: string;
  /** Its statistic. */
  stat: LatencyStat;
  /** `measured`, `reused` (an identical key was measured before) or `empty` (no layers: 0). */
  source: 'measured' | 'reused' | 'empty';
}

/**
 * Measures a latency table for `space` on the ACTIVE tfjs backend: every fixed block (stem, last conv, head) and
 * every allowed (layer, candidate) pair is built alone with `buildPlanModel([{ path, plan }], inShape)` at its
 * real input shape `[batchSize, H, W, C]` and timed with `timePredict` (inference mode, whole batch, `dataSync`
 * of the output; `warmup` untimed then `repeats` timed runs). Entries with the same op latency key are measured
 * once (e.g. the repeated layers of a group); blocks with no layers (an identity `skip`) cost 0. By default the
 * cost of a `predict` call and of reading the block's output back is subtracted from every block but the head
 * (see `subtractReadout`), so the sum of entries estimates a whole network. Models and tensors are disposed as it
 * goes (`tf.memory().numTensors` stays flat). A warm-up pass runs every distinct block untimed before any is timed
 * (`warmupPass`). Select the backend first (`selectBackend`).
 *
 * @throws FormatError when the space does not fit the op registry (see `planSpace`).
 * @example
 * await selectBackend({ backend: 'wasm' });
 * const table = await buildLatencyTable(loadSpace('fbnet-micro-28'), { batchSize: 1 });
 * await saveLatencyTable('fbnet-micro-28.wasm.b1.lut.json', table);
 */
export async function buildLatencyTable(space: SearchSpace, options: BuildLatencyTableOptions): Promise<LatencyTable> {
  const { batchSize, warmup = 10, repeats = 50, subtractReadout = true, warmupPass = true } = options;
  checkInteger(batchSize, 'batchSize', 1);
  checkInteger(warmup, 'warmup', 0);
  checkInteger(repeats, 'repeats', 1);
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const plan = planSpace(space, ops);
  const primitives = planPrimitivesOf(ops);
  const table: LatencyTable = {
    format: LATENCY_TABLE_FORMAT,
    space: { name: space.name, sha256: spaceSha256(space) },
    unit: 'us',
    batchSize,
    metadata: {
      ...machineMetadata({ warmup, repeats, ...(options.gpu === undefined ? {} : { gpu: options.gpu }) }),
      predictOverhead: subtractReadout ? 'subtracted' : 'included',
    },
    fixed: {},
    layers: {},
  };
  const entries: { entry: string; block: PlannedSpaceBlock; store: (stat: LatencyStat) => void }[] = [];
  for (const [path, block] of Object.entries(plan.fixed)) {
    entries.push({ entry: `fixed.${path}`, block, store: (stat) => { table.fixed[path] = stat; } });
  }
  for (const [id, row] of Object.entries(plan.layers)) {
    const stats: Record<string, LatencyStat> = {};
    table.layers[id] = stats;
    for (const [candidate, block] of Object.entries(row)) {
      entries.push({ entry: `layers.${id}.${candidate}`, block, store: (stat) => { stats[candidate] = stat; } });
    }
  }
  const timing = { warmup, repeats };
  /** Blocks with the same key are measured once; the head keeps its own entry. */
  const cacheKeyOf = (block: PlannedSpaceBlock) => `${block.path === 'head' ? 'head:' : ''}${block.latencyKey}`;
  const shapeKeyOf = ({ height, width, channels }: PlannedSpaceBlock['outShape']) => `${height}x${width}x${channels}`;
  const needsReadout = (block: PlannedSpaceBlock) => subtractReadout && block.path !== 'head';
  const readouts = new Map<string, number>();
  const readout = (block: PlannedSpaceBlock): number => {
    if (!needsReadout(block)) return 0;
    const shapeKey = shapeKeyOf(block.outShape);
    if (!readouts.has(shapeKey)) readouts.set(shapeKey, median(measureReadout(block.outShape, batchSize, timing)));
    return readouts.get(shapeKey)!;
  };
  if (warmupPass && warmup > 0) {
    const untimed = { warmup: warmup - 1, repeats: 1 };
    const blocks = new Map(entries.filter(({ block }) => block.plan.length > 0).map(({ block }) => [cacheKeyOf(block), block]));
    const shapes = new Map([...blocks.values()].filter(needsReadout).map((block) => [shapeKeyOf(block.outShape), block.outShape]));
    for (const block of blocks.values()) measureBlock(block.path, block.plan, block.inShape, batchSize, untimed, primitives);
    for (const shape of shapes.values()) measureReadout(shape, batchSize, untimed);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const measured = new Map<string, LatencyStat>();
  for (const [index, { entry, block, store }] of entries.entries()) {
    const cacheKey = cacheKeyOf(block);
    let stat = measured.get(cacheKey);
    let source: LatencyProgress['source'] = 'reused';
    if (stat === undefined) {
      source = block.plan.length === 0 ? 'empty' : 'measured';
      stat = block.plan.length === 0
        ? { median: 0, p90: 0, std: 0, count: 0, key: block.latencyKey }
        : summarize(measureBlock(block.path, block.plan, block.inShape, batchSize, timing, primitives), block.latencyKey, readout(block));
      measured.set(cacheKey, stat);
      await new Promise((resolve) => setImmediate(resolve)); // let progress output and timers run
    }
    store({ ...stat });
    options.onProgress?.({ done: index + 1, total: entries.length, entry, stat, source });
  }
  return table;
}

function checkInteger(value: number, name: string, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`buildLatencyTable: expected ${name} to be an integer ≥ ${minimum}, got ${value}`);
  }
}
