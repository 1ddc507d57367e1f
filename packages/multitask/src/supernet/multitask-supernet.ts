import { add, image, sigmoid, tidy, type Tensor, type Tensor2D, type Tensor4D, type Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { buildPlanModel } from '@fbnas/ops';
import { MULTITASK_TASKS, type MultitaskLayout, type MultitaskTask, type PathName } from '../multitask-layout';

/** The heads' outputs for a batch (a task's derived network has its own head only). */
export interface MultitaskOutputs {
  /** `[N, classes]` class logits. */
  classification?: Tensor2D;
  /**
   * `[N, h, w, classes + 1]` per-pixel logits at the segmentation head's resolution (half the input's; channel 0:
   * background). Upsample them (bilinear, half-pixel centres) for a prediction at the input's resolution.
   */
  segmentation?: Tensor4D;
  /** `[N, 4]` box `[x0, y0, x1, y1]` as fractions of the input (sigmoid). */
  box?: Tensor2D;
}

/** Options of `MultitaskSupernet.forward`. */
export interface MultitaskForwardOptions {
  training: boolean;
  /**
   * The heads to run (default: all of the supernet's). Blocks and fusions that reach none of them are not run, so a
   * single-task search pays for its own task's part of the supernet only.
   */
  tasks?: readonly MultitaskTask[];
}

/** FBNetV5's multi-task supernet, built from a `MultitaskLayout`. */
export interface MultitaskSupernet {
  readonly layout: MultitaskLayout;
  /** Every trainable weight (blocks, fusions, heads). */
  readonly weights: Variable[];
  /** Convolution kernels (the weights that get weight decay). */
  readonly kernels: Variable[];
  /** The non-trainable variables: BN running statistics, which a forward pass with `training: true` updates. */
  readonly statistics: Variable[];
  /**
   * Runs one architecture: skippable block b runs when `keep[b]` is 1 and is the identity (not run) when 0; fixed
   * blocks, fusions and the heads always run. Consecutive fusions exchange simultaneously (each reads the paths as
   * they were before the first of them).
   */
  forward(x: Tensor4D, keep: readonly (0 | 1)[], options: MultitaskForwardOptions): MultitaskOutputs;
  /** The tasks it has heads for. */
  readonly tasks: readonly MultitaskTask[];
  /** Every variable (weights and BN statistics) by a stable name, for checkpoints. */
  namedVariables(): Map<string, Variable>;
  dispose(): void;
}

/**
 * Builds the supernet: each block, fusion and head is a small tfjs `LayersModel` (`@fbnas/ops`'s `buildPlanModel`,
 * the layers and fast batch norm retrained models use), seeded from `seed` and its position, so the same seed
 * builds the same supernet.
 */
export function createMultitaskSupernet(layout: MultitaskLayout, seed = 0): MultitaskSupernet {
  const models: { key: string; model: LayersModel }[] = [];
  const build = (key: string, plan: Parameters<typeof buildPlanModel>[0][number]['plan'], inShape: Parameters<typeof buildPlanModel>[1]) => {
    const model = buildPlanModel([{ path: key, plan }], inShape, { name: key.replace(/[^A-Za-z0-9_]/g, '_'), seed: seed * 1000 + models.length * 50 });
    models.push({ key, model });
    return model;
  };
  const runners = layout.steps.map((step) => (step.kind === 'block'
    ? { step, model: build(step.block.id, step.block.plan, step.block.inShape) }
    : { step, model: build(step.fusion.id, step.fusion.plan, step.fusion.inShape) }));
  const present = MULTITASK_TASKS.filter((task) => layout.heads[task] !== undefined);
  const heads = Object.fromEntries(present.map((task) => [task, build(`head.${task}`, layout.heads[task]!.plan, layout.heads[task]!.inShape)])) as Partial<Record<MultitaskTask, LayersModel>>;
  const skippableIndex = new Map(layout.skippable.map((b, i) => [b.id, i]));
  const weights = models.flatMap(({ model }) => model.trainableWeights.map((w) => w.read() as Variable));
  const kernels = models.flatMap(({ model }) => model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.read() as Variable));
  const statistics = models.flatMap(({ model }) => model.nonTrainableWeights.map((w) => w.read() as Variable));

  return {
    layout,
    tasks: present,
    weights,
    kernels,
    statistics,
    forward(x, keep, { training, tasks = present }) {
      if (keep.length !== layout.skippable.length) throw new Error(`multitask supernet: expected ${layout.skippable.length} keep flags, got ${keep.length}`);
      const missing = tasks.filter((task) => heads[task] === undefined);
      if (missing.length > 0) throw new Error(`multitask supernet: no ${missing.join(', ')} head (heads: ${present.join(', ')})`);
      const wanted = (parts: readonly MultitaskTask[]) => parts.some((task) => tasks.includes(task));
      return tidy(() => {
        const paths: Partial<Record<PathName, Tensor>> = { p2: x };
        let pending: { to: PathName; delta: Tensor }[] = [];
        const flush = () => {
          for (const { to, delta } of pending) paths[to] = add(paths[to]!, delta);
          pending = [];
        };
        for (const { step, model } of runners) {
          if (!wanted(step.kind === 'block' ? step.block.tasks : step.fusion.tasks)) continue;
          if (step.kind === 'fusion') {
            const { from, to, upsample } = step.fusion;
            const conv = model.apply(paths[from]!, { training }) as Tensor4D;
            pending.push({ to, delta: upsample > 1 ? image.resizeNearestNeighbor(conv, [conv.shape[1] * upsample, conv.shape[2] * upsample]) : conv });
            continue;
          }
          flush();
          const { block } = step;
          const index = skippableIndex.get(block.id);
          if (index !== undefined && keep[index] !== 1) continue;
          paths[block.writes] = model.apply(paths[block.path]!, { training }) as Tensor;
        }
        flush();
        const run = (task: MultitaskTask) => heads[task]!.apply(paths[layout.heads[task]!.path]!, { training }) as Tensor;
        const outputs: MultitaskOutputs = {};
        if (tasks.includes('classification')) outputs.classification = run('classification') as Tensor2D;
        if (tasks.includes('segmentation')) outputs.segmentation = run('segmentation') as Tensor4D;
        if (tasks.includes('box')) outputs.box = sigmoid(run('box')) as Tensor2D;
        return outputs as Record<string, Tensor>;
      });
    },
    namedVariables() {
      const named = new Map<string, Variable>();
      for (const { key, model } of models) for (const w of model.weights) named.set(`${key}|${w.originalName}`, w.read() as Variable);
      return named;
    },
    dispose() {
      for (const { model } of models) model.dispose();
    },
  };
}
