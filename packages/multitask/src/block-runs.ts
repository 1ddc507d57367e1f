import type { MultitaskLayout, MultitaskTask } from './multitask-layout';

/**
 * A run of interchangeable skippable blocks: consecutive blocks of one path with the same op entry and shapes, and
 * no other step reading or writing that path between them. Which of a run's blocks a network keeps does not change
 * the network, only how many: keeping `s2.p4.0` or `s2.p4.2` alone gives the same network.
 */
export interface BlockRun {
  /** The blocks' common prefix (`s2.p4` for `s2.p4.0`…`s2.p4.2`), or the first block's id where runs share it. */
  readonly name: string;
  /** Indices into `layout.skippable`, in order. */
  readonly blocks: readonly number[];
  /** The tasks its blocks reach. */
  readonly tasks: readonly MultitaskTask[];
}

const runsByLayout = new WeakMap<MultitaskLayout, readonly BlockRun[]>();

/**
 * The runs of interchangeable skippable blocks of `layout`, in order (every skippable block is in exactly one;
 * computed once per layout object). Runs are named by their blocks' common prefix, or, where two runs share a prefix,
 * each by its first block's id (revision 2's blocks all differ, so each is a run of its own: `s2.p4.1`).
 *
 * @example
 * blockRuns(multitaskLayout({ revision: 1 })).map((r) => `${r.name}×${r.blocks.length}`); // ['s1.p2×2', 's2.p4×3', 's2.p2×1', 's3.p8×3', 's3.p4×1']
 */
export function blockRuns(layout: MultitaskLayout): readonly BlockRun[] {
  const cached = runsByLayout.get(layout);
  if (cached !== undefined) return cached;
  type OpenRun = { name: string; blocks: number[]; tasks: readonly MultitaskTask[]; signature: string };
  const runs: OpenRun[] = [];
  const open = new Map<string, OpenRun>();
  for (const step of layout.steps) {
    if (step.kind === 'fusion') {
      open.delete(step.fusion.from);
      open.delete(step.fusion.to);
      continue;
    }
    const { block } = step;
    if (!block.skippable) {
      open.delete(block.path);
      open.delete(block.writes);
      continue;
    }
    const signature = JSON.stringify([block.entry, block.inShape, block.outShape, block.tasks]);
    const index = layout.skippable.indexOf(block);
    const current = open.get(block.path);
    if (current !== undefined && current.signature === signature) {
      current.blocks.push(index);
      continue;
    }
    const run = { name: block.id.replace(/\.\d+$/, ''), blocks: [index], tasks: block.tasks, signature };
    runs.push(run);
    open.set(block.path, run);
  }
  // Prefixes name the runs when they tell them apart; otherwise every run is named by its first block's id.
  const byPrefix = new Set(runs.map((r) => r.name)).size === runs.length;
  const result = Object.freeze(runs.map(({ name, blocks, tasks }) => Object.freeze({
    name: byPrefix ? name : layout.skippable[blocks[0]!]!.id, blocks, tasks,
  })));
  runsByLayout.set(layout, result);
  return result;
}

/** The keep mask of the same network that keeps the first blocks of every run (one mask per network). */
export function canonicalKeep(layout: MultitaskLayout, keep: readonly (0 | 1)[]): (0 | 1)[] {
  if (keep.length !== layout.skippable.length) throw new Error(`canonicalKeep: expected ${layout.skippable.length} keep flags, got ${keep.length}`);
  const canonical = keep.map(() => 0 as 0 | 1);
  for (const run of blockRuns(layout)) {
    const kept = run.blocks.filter((b) => keep[b] === 1).length;
    run.blocks.slice(0, kept).forEach((b) => (canonical[b] = 1));
  }
  return canonical;
}

/**
 * Task `task`'s network in words: how many blocks of each run reaching its head it keeps (`s1.p2×1 s2.p4×0 …`).
 * Two keep masks give the same network for the task exactly when they give the same description.
 */
export function describeNetwork(layout: MultitaskLayout, task: MultitaskTask, keep: readonly (0 | 1)[]): string {
  if (keep.length !== layout.skippable.length) throw new Error(`describeNetwork: expected ${layout.skippable.length} keep flags, got ${keep.length}`);
  return blockRuns(layout).filter((r) => r.tasks.includes(task)).map((r) => `${r.name}×${r.blocks.filter((b) => keep[b] === 1).length}`).join(' ');
}
