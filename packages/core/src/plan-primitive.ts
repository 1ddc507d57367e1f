/**
 * Plan primitives: what one kind of plan layer means, as data plus pure functions. A primitive gives its layer
 * kind's output shape (with validation), its cost (over any arithmetic, so one cost function serves exact counts
 * on numbers and the differentiable effective-shape cost on tensors), its parameter tensors (names, shapes,
 * checkpoint layouts) and its nested bodies. The tfjs builder lives in `@fbnas/ops` (`build`), opaque here.
 *
 * Primitives are collected in an immutable registry keyed by kind. Op specs that need a primitive the built-ins
 * lack declare it in `OpSpec.primitives`; `planPrimitivesOf(ops)` is then the built-ins plus every declared one,
 * so registering the op (`ops.extend([spec])`) registers its primitives too.
 */
import type { FeatureShape } from './feature-shape';
import type { LayerPlan, PlanLayer, PlanLayerBase } from './layer-plan';

/** The arithmetic a cost is computed in: plain numbers (exact counts) or tensors (effective shapes). */
export interface CostArithmetic<N> {
  /** A constant. */
  constant(value: number): N;
  /** a + b. */
  add(a: N, b: N): N;
  /** a · b. */
  mul(a: N, b: N): N;
  /** a / b. */
  div(a: N, b: N): N;
}

/** Exact arithmetic on numbers. */
export const NUMBER_ARITHMETIC: CostArithmetic<number> = Object.freeze({
  constant: (value: number) => value,
  add: (a: number, b: number) => a + b,
  mul: (a: number, b: number) => a * b,
  div: (a: number, b: number) => a / b,
});

/** A feature shape whose entries are numbers or effective (expected) values. */
export interface ShapeOf<N> {
  /** Rows (pixels). */
  height: N;
  /** Columns (pixels). */
  width: N;
  /** Channels. */
  channels: N;
}

/** A primitive's own cost (its bodies' costs are added by the interpreter). Missing entries are 0. */
export interface PrimitiveCost<N> {
  /** Multiply-accumulates. */
  macs?: N;
  /** Convolution (or other matrix) weights: the published parameter count. */
  weights?: N;
  /** Biases (parameters). */
  biases?: N;
  /** Batch-norm channels (each: γ, β, running mean, running variance). */
  bnChannels?: N;
}

/** What a primitive's `cost` sees. */
export interface PrimitiveCostContext<N> {
  /** The layer's input shape. */
  input: ShapeOf<N>;
  /** The layer's output shape. */
  output: ShapeOf<N>;
  /**
   * The value of one numeric field of the layer: the number itself, or (in the masked supernet) the effective
   * value of a field whose value depends on the searched choices (a width).
   */
  value(field: string): N;
  /** The arithmetic to compute in. */
  arithmetic: CostArithmetic<N>;
}

/** What a primitive's `outputShape` sees. */
export interface PrimitiveShapeContext {
  /** JSON-like path of the layer, for errors (`layers[2] (dw.conv)`). */
  where: string;
  /** Propagates a nested plan (a body of this layer) from `input`; errors name `path`. */
  propagate(body: LayerPlan, input: FeatureShape, path: string): FeatureShape;
}

/** One parameter tensor of a layer, as the tfjs builder names it and the reference checkpoint stores it. */
export interface PlanParameter {
  /** tfjs weight suffix: `kernel`, `bias`, `gamma`, `beta`, `moving_mean`, `moving_variance`. */
  suffix: string;
  /** Reference (PyTorch) suffix: `weight`, `bias`, `running_mean`, `running_var`. */
  referenceSuffix: string;
  /** Shape in tfjs layout (HWIO kernels; depthwise `[k, k, C, multiplier]`). */
  shape: number[];
  /** Conversion from the reference tensor: `oihw` → HWIO, `depthwise` (C,1,kh,kw) → (kh,kw,C,1), `vector` as is. */
  layout: 'oihw' | 'depthwise' | 'vector';
}

/** A plan primitive: one layer kind. */
export interface PlanPrimitive<L extends PlanLayerBase = PlanLayer> {
  /** The layer kind it interprets (`conv`, `concat`, …): its registry key. */
  readonly name: string;
  /** One line for humans. */
  readonly description: string;
  /**
   * The output shape for `input`, after checking the layer against it.
   *
   * @throws FormatError at `context.where` when the layer does not fit its input.
   */
  outputShape(layer: L, input: FeatureShape, context: PrimitiveShapeContext): FeatureShape;
  /** The layer's own cost (not its bodies'); omitted: free. */
  cost?<N>(layer: L, context: PrimitiveCostContext<N>): PrimitiveCost<N>;
  /** The layer's parameter tensors (not its bodies'); omitted: none. Named `${blockPath}.${layer.name}/${suffix}`. */
  parameters?(layer: L): PlanParameter[];
  /** Nested plans, each applied to the layer's input (residual body, SE body, concat branches); omitted: none. */
  bodies?(layer: L): readonly LayerPlan[];
  /**
   * The tfjs builder (see `@fbnas/ops`' `PrimitiveBuild`), opaque to core: `(layer, input, context) => output`
   * on symbolic tensors. Built-in kinds are built by `@fbnas/ops` itself.
   */
  build?(layer: L, input: unknown, context: unknown): unknown;
}
