import type { MultitaskLayout, MultitaskTask } from './multitask-layout';

/**
 * A run of interchangeable skippable blocks: consecutive blocks of one path with the same op entry and shapes, and
 * no other step reading or writing that path between them. Which of a run's blocks a network keeps does not change
 * the network, only how many: keeping `s2.p4.0` or `s2.p4.2` alone gives the same network.
 */
export interface BlockRun {
  /** The blocks' common prefix (`s2.p4` for `s2.p4.0`…`s2.p4.2`). */
  name: string;
  /** Indices into `layout.skippable`, in order. */
  blocks: number[];
  /** The tasks its blocks reach. */
  tasks: readonly MultitaskTask[];
}

/**
 * The runs of interchangeable skippable blocks of `layout`, in order (every skippable block is in exactly one).
 *
 * @example
 * blockRuns(multitaskLayout()).map((r) => `${r.name}×${r.blocks.length}`); // ['s1.p2×2', 's2.p4×3', 's2.p2×1', 's3.p8×3', 's3.p4×1']
 */
export function blockRuns(layout: MultitaskLayout): BlockRun[] {
  const runs: BlockRun[] = [];
  const open = new Map<string, BlockRun & { signature: string }>();
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
  return runs.map(({ name, blocks, tasks }) => ({ name, blocks, tasks }));
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
