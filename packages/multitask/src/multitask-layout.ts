import {
  countPlan, planUnifiedArch, unify, type ArchDefinition, type BlockEntry, type FeatureShape, type LayerPlan, type OpSpecRegistry,
} from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';

/** The tasks of FBNetV5's multi-task supernet, in the order of every per-task array. */
export const MULTITASK_TASKS = ['classification', 'segmentation', 'box'] as const;
/** One of `MULTITASK_TASKS`. */
export type MultitaskTask = (typeof MULTITASK_TASKS)[number];

/** The parallel resolution paths: the 1/2, 1/4 and 1/8 resolution of the input. */
export type PathName = 'p2' | 'p4' | 'p8';

/** A block of the supernet: an op entry planned at its path's shape. */
export interface LayoutBlock {
  /** Unique, e.g. `s2.p4.1`. */
  id: string;
  /** The path it reads (and, unless it changes resolution, writes). */
  path: PathName;
  /** The path it writes (a transition writes the next, coarser one). */
  writes: PathName;
  /** Whether the search may skip it (then it is the identity: same shape in and out). */
  skippable: boolean;
  entry: BlockEntry;
  plan: LayerPlan;
  inShape: FeatureShape;
  outShape: FeatureShape;
  /** Multiply-accumulates of one image. */
  macs: number;
  /** The tasks whose outputs depend on it. */
  tasks: readonly MultitaskTask[];
}

/** A fusion between paths: `to += resize(conv(from))` (a 1×1 conv up, a strided 3×3 conv down; BN, no activation). */
export interface LayoutFusion {
  id: string;
  from: PathName;
  to: PathName;
  plan: LayerPlan;
  inShape: FeatureShape;
  outShape: FeatureShape;
  /** Nearest-neighbour upsampling factor applied after the conv (1 for a downsampling fusion). */
  upsample: number;
  macs: number;
  tasks: readonly MultitaskTask[];
}

/** The supernet's structure, in execution order, with exact per-image MACs (pure: no tfjs). */
export interface MultitaskLayout {
  name: string;
  /** The options it was made from, with their defaults (so a document can name the layout and rebuild it). */
  options: { inputSize: number; inputChannels: number; classes: number; widths: [number, number, number]; revision: MultitaskLayoutRevision };
  input: FeatureShape;
  classes: number;
  steps: ({ kind: 'block'; block: LayoutBlock } | { kind: 'fusion'; fusion: LayoutFusion })[];
  /** The skippable blocks, in order: the Bernoulli policies' dimensions. */
  skippable: LayoutBlock[];
  /** Each head: its input path and shape, its plan and its own MACs (a task's derived network has its own only). */
  heads: Partial<Record<MultitaskTask, { path: PathName; inShape: FeatureShape; plan: LayerPlan; macs: number }>>;
}

/**
 * Which `multitaskLayout` to plan. 1: the first micro supernet (runs of identical blocks, the stage-3 blocks of each
 * path reach only the heads on that path; 192 distinct backbones). 2 (the default): every skippable block is a
 * different op and a last exchange fuses all three paths, so every block reaches every head (1024 distinct
 * networks per task). Documents without a revision are revision 1.
 */
export type MultitaskLayoutRevision = 1 | 2;

/** The revisions `multitaskLayout` plans, oldest first. */
export const MULTITASK_LAYOUT_REVISIONS: readonly MultitaskLayoutRevision[] = [1, 2];

/** Channels of each path and the depth of each stage of `multitaskLayout`. */
export interface MultitaskLayoutOptions {
  /** The layout revision (default 2, the newest). */
  revision?: MultitaskLayoutRevision;
  /** Input side (pixels, default 56) and channels (default 1). */
  inputSize?: number;
  inputChannels?: number;
  classes?: number;
  /** Channels of the p2, p4 and p8 paths (default 16, 24, 32). */
  widths?: readonly number[];
  ops?: OpSpecRegistry;
}

/** Box head: a 1×1 conv to this many channels, then a linear layer over the whole map to the 4 box numbers. */
export const BOX_HEAD_CHANNELS = 8;

/**
 * FBNetV5's multi-task supernet for small images (methods notes §5.4), as data: a stem to 1/2 resolution; stage 1
 * on p2; a transition to p4; stage 2 on p4 and p2 in parallel, fused both ways; a transition to p8; stage 3 on
 * p8 and p4. Ten blocks are skippable (inverted residuals of FBNetV3's kind, identity when skipped); stems,
 * transitions and fusions are fixed. The classification and box heads read p8, segmentation reads p2.
 *
 * - Revision 2 (default): the skippable blocks are ten different ops (kernel 3 or 5, expansion 1–6), and stage 3
 *   ends with an exchange of all paths (p4 down into p8; p4 and p8 up into p2), HRNet's way, so every block reaches
 *   every head and each task chooses among 1024 distinct networks.
 * - Revision 1: runs of identical blocks (`s2.p4.0–2`, `s3.p8.0–2`); p8's stage-3 blocks reach only the coarse heads
 *   and `s3.p4.0` only segmentation.
 */
export function multitaskLayout(options: MultitaskLayoutOptions = {}): MultitaskLayout {
  const revision = options.revision ?? 2;
  if (!MULTITASK_LAYOUT_REVISIONS.includes(revision)) throw new Error(`multitaskLayout: revision: expected one of ${MULTITASK_LAYOUT_REVISIONS.join(', ')}, got ${JSON.stringify(revision)}`);
  const inputSize = options.inputSize ?? 56;
  const input = { height: inputSize, width: inputSize, channels: options.inputChannels ?? 1 };
  const classes = options.classes ?? 10;
  const [w2, w4, w8] = (options.widths ?? [16, 24, 32]) as [number, number, number];
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const shapes: Partial<Record<PathName, FeatureShape>> = {};
  const steps: MultitaskLayout['steps'] = [];
  const all = MULTITASK_TASKS;
  const coarse = ['classification', 'box'] as const;
  const fine = ['segmentation'] as const;

  const block = (id: string, path: PathName, writes: PathName, entry: BlockEntry, skippable: boolean, tasks: readonly MultitaskTask[]) => {
    const inShape = path === 'p2' && shapes.p2 === undefined ? input : shapes[path]!;
    const { plan, outShape } = planOne(entry, inShape, ops);
    if (skippable && (outShape.channels !== inShape.channels || outShape.height !== inShape.height)) {
      throw new Error(`multitaskLayout: block ${id}: a skippable block keeps its shape, got ${shapeText(inShape)} → ${shapeText(outShape)}`);
    }
    shapes[writes] = outShape;
    steps.push({ kind: 'block', block: { id, path, writes, skippable, entry, plan, inShape, outShape, macs: countPlan(plan, inShape).macs, tasks } });
  };
  const fusion = (id: string, from: PathName, to: PathName, tasks: readonly MultitaskTask[]) => {
    const inShape = shapes[from]!;
    const target = shapes[to]!;
    const down = target.height < inShape.height;
    const plan: LayerPlan = [
      { kind: 'conv', name: `${id}.conv`, inChannels: inShape.channels, outChannels: target.channels, kernel: down ? 3 : 1, stride: down ? 2 : 1, groups: 1, bias: false },
      { kind: 'batchNorm', name: `${id}.bn`, channels: target.channels },
    ];
    const cost = countPlan(plan, inShape);
    const upsample = down ? 1 : target.height / cost.outputShape.height;
    if (!Number.isInteger(upsample) || cost.outputShape.height * upsample !== target.height) {
      throw new Error(`multitaskLayout: fusion ${id}: ${shapeText(cost.outputShape)} does not resize to ${shapeText(target)}`);
    }
    steps.push({ kind: 'fusion', fusion: { id, from, to, plan, inShape, outShape: target, upsample, macs: cost.macs, tasks } });
  };
  // A skippable inverted residual that keeps its path's shape.
  const ir = (kernel: 3 | 5, width: number, expansion: number): BlockEntry => [`ir_k${kernel}`, width, 1, 1, { expansion }];
  const v1 = revision === 1;

  block('stem', 'p2', 'p2', ['conv_k3', w2, 2, 1], false, all);
  block('s1.p2.0', 'p2', 'p2', ir(3, w2, 3), true, all);
  block('s1.p2.1', 'p2', 'p2', v1 ? ir(3, w2, 3) : ir(5, w2, 1), true, all);
  block('t4', 'p2', 'p4', ['ir_k3', w4, 2, 1, { expansion: 3 }], false, all);
  const s2 = v1 ? [ir(5, w4, 3), ir(5, w4, 3), ir(5, w4, 3)] : [ir(3, w4, 3), ir(5, w4, 3), ir(3, w4, 6)];
  s2.forEach((entry, i) => block(`s2.p4.${i}`, 'p4', 'p4', entry, true, all));
  block('s2.p2.0', 'p2', 'p2', ir(3, w2, 1), true, all);
  fusion('f2.p4-p2', 'p4', 'p2', fine);
  fusion('f2.p2-p4', 'p2', 'p4', all);
  block('t8', 'p4', 'p8', ['ir_k3', w8, 2, 1, { expansion: 3 }], false, v1 ? coarse : all);
  const s3 = v1 ? [ir(5, w8, 6), ir(5, w8, 6), ir(5, w8, 6)] : [ir(3, w8, 4), ir(5, w8, 6), ir(3, w8, 6)];
  s3.forEach((entry, i) => block(`s3.p8.${i}`, 'p8', 'p8', entry, true, v1 ? coarse : all));
  block('s3.p4.0', 'p4', 'p4', v1 ? ir(3, w4, 3) : ir(5, w4, 2), true, v1 ? fine : all);
  if (v1) {
    fusion('f3.p4-p2', 'p4', 'p2', fine);
  } else {
    // One exchange (the fusions read the paths as they were before it): p4 down into p8, p4 and p8 up into p2.
    fusion('f3.p4-p8', 'p4', 'p8', coarse);
    fusion('f3.p4-p2', 'p4', 'p2', fine);
    fusion('f3.p8-p2', 'p8', 'p2', fine);
  }

  const p8 = shapes.p8!;
  const p2 = shapes.p2!;
  const head = (path: PathName, inShape: FeatureShape, plan: LayerPlan) => ({ path, inShape, plan, macs: countPlan(plan, inShape).macs });
  const heads: MultitaskLayout['heads'] = {
    // Global average pool, then a linear layer (a 1×1 conv with bias).
    classification: head('p8', p8, [
      { kind: 'globalAveragePool' },
      { kind: 'conv', name: 'head.cls', inChannels: p8.channels, outChannels: classes, kernel: 1, stride: 1, groups: 1, bias: true },
      { kind: 'flatten' },
    ]),
    // A 1×1 conv to classes + 1 (background) logits at 1/2 resolution; the bilinear upsampling to the input has no MACs.
    segmentation: head('p2', p2, [{ kind: 'conv', name: 'head.seg', inChannels: p2.channels, outChannels: classes + 1, kernel: 1, stride: 1, groups: 1, bias: true }]),
    // A 1×1 conv to BOX_HEAD_CHANNELS (BN, ReLU), then a linear layer over the whole map (a conv as large as it) to 4.
    box: head('p8', p8, [
      { kind: 'conv', name: 'head.box.reduce', inChannels: p8.channels, outChannels: BOX_HEAD_CHANNELS, kernel: 1, stride: 1, groups: 1, bias: false },
      { kind: 'batchNorm', name: 'head.box.bn', channels: BOX_HEAD_CHANNELS },
      { kind: 'activation', activation: 'relu' },
      { kind: 'conv', name: 'head.box.fc', inChannels: BOX_HEAD_CHANNELS, outChannels: 4, kernel: p8.height, stride: 1, groups: 1, bias: true, padding: 0 },
      { kind: 'flatten' },
    ]),
  };
  const skippable = steps.flatMap((s) => (s.kind === 'block' && s.block.skippable ? [s.block] : []));
  const name = v1 ? 'fbnetv5-micro' : 'fbnetv5-micro-r2';
  return { name, options: { inputSize, inputChannels: input.channels, classes, widths: [w2, w4, w8], revision }, input, classes, steps, skippable, heads };
}

/**
 * Per-image MACs of task `task`'s network for a keep mask over the skippable blocks (`keep[b]` for
 * `layout.skippable[b]`): its fixed blocks and fusions, its kept blocks, its head; blocks and fusions that do not
 * reach its head do not count.
 */
export function taskMacs(layout: MultitaskLayout, task: MultitaskTask, keep: readonly (0 | 1)[]): number {
  if (keep.length !== layout.skippable.length) throw new Error(`taskMacs: expected ${layout.skippable.length} keep flags, got ${keep.length}`);
  const kept = new Set(layout.skippable.filter((_, b) => keep[b] === 1).map((b) => b.id));
  const head = layout.heads[task];
  if (head === undefined) throw new Error(`taskMacs: the layout has no ${task} head (heads: ${Object.keys(layout.heads).join(', ')})`);
  let total = head.macs;
  for (const step of layout.steps) {
    const part = step.kind === 'block' ? step.block : step.fusion;
    if (!part.tasks.includes(task)) continue;
    if (step.kind === 'block' && step.block.skippable && !kept.has(step.block.id)) continue;
    total += part.macs;
  }
  return total;
}

/**
 * Task `task`'s own network for a keep mask: the layout without the blocks it skips, the blocks and fusions that do
 * not reach its head, and the other heads. Its remaining blocks are all fixed (nothing left to search); its MACs
 * are `taskMacs(layout, task, keep)`.
 */
export function pruneLayout(layout: MultitaskLayout, task: MultitaskTask, keep: readonly (0 | 1)[]): MultitaskLayout {
  if (keep.length !== layout.skippable.length) throw new Error(`pruneLayout: expected ${layout.skippable.length} keep flags, got ${keep.length}`);
  const head = layout.heads[task];
  if (head === undefined) throw new Error(`pruneLayout: the layout has no ${task} head`);
  const kept = new Set(layout.skippable.filter((_, b) => keep[b] === 1).map((b) => b.id));
  const steps = layout.steps.flatMap((step) => {
    const part = step.kind === 'block' ? step.block : step.fusion;
    if (!part.tasks.includes(task)) return [];
    if (step.kind === 'block' && step.block.skippable) return kept.has(step.block.id) ? [{ kind: 'block' as const, block: { ...step.block, skippable: false } }] : [];
    return [step];
  });
  return { ...layout, name: `${layout.name}-${task}`, steps, skippable: [], heads: { [task]: head } };
}

function planOne(entry: BlockEntry, inShape: FeatureShape, ops: OpSpecRegistry): { plan: LayerPlan; outShape: FeatureShape } {
  const arch: ArchDefinition = {
    format: 'fbnas.arch/v1', name: 'block', inputSize: inShape.height, inputChannels: inShape.channels, numClasses: 2, stages: [[entry]],
  } as ArchDefinition;
  const [first] = planUnifiedArch(unify(arch, ops), ops);
  return { plan: first!.plan, outShape: first!.outShape };
}

function shapeText(shape: FeatureShape): string {
  return `${shape.height}×${shape.width}×${shape.channels}`;
}
