import {
  add, concat, fill, mul, scalar, slice, square, sum, tidy, unstack, variable, zeros, type NamedTensorMap, type Tensor, type Tensor2D, type Variable,
} from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { FeatureShape, LayerPlan, PlanPrimitiveRegistry } from '@fbnas/core';
import { mixedOp, type MixedOpMode } from '@fbnas/gumbel';
import { buildPlanModel } from '@fbnas/ops';

/** A fixed block of the supernet (stem, head): one path, one plan. */
export interface FixedItem {
  kind: 'fixed';
  path: string;
  plan: LayerPlan;
  inShape: FeatureShape;
}

/** A searchable layer: its candidates, each a plan on the same input shape producing the same output shape. */
export interface SearchItem {
  kind: 'search';
  id: string;
  candidates: { name: string; plan: LayerPlan }[];
  inShape: FeatureShape;
}

/** The supernet's blocks in order. */
export interface SupernetLayout {
  name: string;
  items: (FixedItem | SearchItem)[];
  /**
   * The layer kinds the plans use (default: the built-ins). `layoutFromSpace` sets `planPrimitivesOf(ops)`, so
   * candidates of contributed op specs with primitives of their own build.
   */
  primitives?: PlanPrimitiveRegistry;
}

/** A built supernet: models for every fixed block and candidate, and the architecture logits θ. */
export interface Supernet {
  /** The layout it was built from (FBNet's DNAS supernet; absent for other kinds). */
  readonly layout?: SupernetLayout;
  /** Searchable layer ids, in order (the rows of θ). */
  readonly layerIds: string[];
  /** Candidate names per searchable layer (the columns of θ; rows shorter than K are masked). */
  readonly candidateNames: string[][];
  /** Architecture logits θ, `[layers, K]`, initialised to 0 (uniform). */
  readonly theta: Variable;
  /** Additive mask for θ: 0 for real candidates, −1e9 for padding in rows with fewer than K. */
  readonly thetaMask: Tensor2D;
  /** Every trainable weight of every block and candidate. */
  readonly weights: Variable[];
  /** Convolution kernels (the weights that get weight decay). */
  readonly kernels: Variable[];
  /**
   * Runs the supernet: fixed blocks as they are, searchable layer i as `mixedOp` of its candidates with row i of
   * `mask` (`[layers, K]`, e.g. a Gumbel-softmax sample). Returns logits `[N, classes]`. Supernets with
   * `perExampleMasks` also take a `[N, layers, K]` mask: one sample per example.
   */
  forward(x: Tensor, options: { mask: Tensor; training: boolean; mode: MixedOpMode }): Tensor;
  /** Whether `forward` takes per-example masks `[N, layers, K]` (FBNet's supernet does; the masked one not). */
  readonly perExampleMasks?: boolean;
  /** Every variable (trainable weights, BN statistics, θ) by a stable name, for checkpoints. */
  namedVariables(): Map<string, Variable>;
  dispose(): void;
}

/**
 * Builds a supernet from its layout. Each fixed block and each candidate is a small tfjs `LayersModel`
 * (`@fbnas/ops` `buildPlanModel`, so candidates share the layers and fast training batch norm of retrained
 * models); weights are seeded from `seed` and the block's position, so the same seed builds the same supernet.
 */
export function createSupernet(layout: SupernetLayout, seed = 0): Supernet {
  const models: { key: string; model: LayersModel }[] = [];
  const build = (key: string, path: string, plan: LayerPlan, shape: FeatureShape) => {
    const model = buildPlanModel([{ path, plan }], shape, {
      name: key, seed: seed * 1000 + models.length * 50, ...(layout.primitives === undefined ? {} : { primitives: layout.primitives }),
    });
    models.push({ key, model });
    return model;
  };
  const runners = layout.items.map((item) => {
    if (item.kind === 'fixed') return { item, models: [build(item.path, item.path, item.plan, item.inShape)] };
    return { item, models: item.candidates.map((c) => build(`${item.id}.${c.name}`, `${item.id}.${c.name}`, c.plan, item.inShape)) };
  });
  const searchItems = layout.items.filter((i): i is SearchItem => i.kind === 'search');
  const layerIds = searchItems.map((i) => i.id);
  const candidateNames = searchItems.map((i) => i.candidates.map((c) => c.name));
  const { theta, thetaMask } = createTheta(candidateNames.map((names) => names.length), `fbnas_theta_${seed}`);
  const width = theta.shape[1]!;
  const weights = models.flatMap(({ model }) => model.trainableWeights.map((w) => w.read() as Variable));
  const kernels = models.flatMap(({ model }) => model.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.read() as Variable));

  return {
    layout,
    layerIds,
    candidateNames,
    theta,
    thetaMask,
    weights,
    kernels,
    perExampleMasks: true,
    forward(x, { mask, training, mode }) {
      return tidy(() => {
        const perExample = mask.rank === 3;
        const rows = searchItems.length > 0 ? unstack(mask, perExample ? 1 : 0) : [];
        let h = x;
        let searchIndex = 0;
        for (const runner of runners) {
          if (runner.item.kind === 'fixed') {
            h = runner.models[0]!.apply(h, { training }) as Tensor;
          } else {
            const row = rows[searchIndex++]!;
            const count = runner.models.length;
            const weightsRow = count === width ? row : perExample ? slice(row, [0, 0], [-1, count]) : slice(row, 0, count);
            h = mixedOp(h, runner.models.map((m) => (t: Tensor) => m.apply(t, { training }) as Tensor), weightsRow, mode);
          }
        }
        return h;
      });
    },
    namedVariables() {
      const named = new Map<string, Variable>();
      for (const { key, model } of models) {
        for (const w of model.weights) named.set(`${key}|${w.originalName}`, w.read() as Variable);
      }
      named.set('theta', theta);
      return named;
    },
    dispose() {
      for (const { model } of models) model.dispose();
      theta.dispose();
      thetaMask.dispose();
    },
  };
}

/** Adds `scale · Σ‖k‖²/2` over `kernels` to `loss` (L2 weight decay, as SGD's `weight_decay`). */
export function withWeightDecay(loss: Tensor, kernels: readonly Variable[], scale: number): Tensor {
  if (scale === 0 || kernels.length === 0) return loss;
  return tidy(() => {
    let total: Tensor = scalar(0);
    for (const k of kernels) total = add(total, sum(square(k)));
    return add(loss, mul(total, scalar(scale / 2)));
  });
}

/** Snapshot of named variables as plain tensors (for checkpoints); the caller disposes them. */
export function snapshot(named: Map<string, Variable>): NamedTensorMap {
  const out: NamedTensorMap = {};
  for (const [name, v] of named) out[name] = v.clone();
  return out;
}

/**
 * Architecture logits θ `[rows, K]` (K the most options of any row), initialised to 0 (uniform), and the additive
 * mask that keeps each row to its own options (0, and −1e9 on the padding). `prefix` starts θ's variable name,
 * made unique so several supernets can live in one process.
 */
export function createTheta(rowLengths: readonly number[], prefix: string): { theta: Variable; thetaMask: Tensor2D } {
  const width = Math.max(1, ...rowLengths);
  // Inside tidy: the zeros tensor would otherwise outlive the variable made from it.
  const theta = tidy(() => variable(zeros([Math.max(rowLengths.length, 1), width]), true, `${prefix}_${Date.now()}_${Math.random().toString(36).slice(2)}`));
  const thetaMask = tidy(() =>
    concat(rowLengths.map((length) => concat([zeros([1, length]), fill([1, width - length], -1e9)].filter((t) => t.shape[1]! > 0), 1)), 0),
  ) as Tensor2D;
  return { theta, thetaMask };
}
