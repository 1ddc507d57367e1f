/**
 * The `fbnas.joint-space/v1` format: FBNetV3's joint architecture–recipe search space Ω (fbnet-methods §3.2) as
 * pure JSON. The macro-architecture is a stem, a list of stages of inverted-residual blocks, fixed last blocks and
 * a head; each stage searches its width, depth, expansion, kernel and squeeze-excite; the network searches its
 * input resolution; the training recipe searches its optimizer, learning rate, weight decay, mixup, dropout,
 * stochastic depth, EMA and epochs.
 *
 * ```json
 * {
 *   "format": "fbnas.joint-space/v1",
 *   "name": "nars-micro-28",
 *   "inputChannels": 1, "numClasses": 10,
 *   "resolution": [20, 24, 28],
 *   "basicArgs": { "widthDivisor": 8, "lessSeChannels": true },
 *   "stem": { "op": "conv_k3_hs", "channels": { "min": 8, "max": 16, "step": 8 }, "stride": 2 },
 *   "stages": [
 *     { "name": "s1", "stride": 2, "channels": { "min": 16, "max": 32, "step": 8 }, "depth": { "min": 1, "max": 3 },
 *       "expansion": [2, 3, 4, 6], "kernel": [3, 5], "se": [false, true], "activation": "hswish" }
 *   ],
 *   "last": [["ir_pool_hs", 256, 1, 1, { "expansion": 6 }]],
 *   "head": { "op": "classifier" },
 *   "recipe": {
 *     "optimizer": ["sgd", "rmsprop"], "learningRate": { "min": 0.01, "max": 0.4, "scale": "log" },
 *     "weightDecay": { "min": 1e-6, "max": 1e-4, "scale": "log" }, "mixup": { "min": 0, "max": 0.4 },
 *     "dropout": { "min": 0, "max": 0.3 }, "stochasticDepth": { "min": 0, "max": 0.2 }, "ema": [0, 0.999],
 *     "epochs": { "min": 4, "max": 12, "step": 4 }
 *   }
 * }
 * ```
 *
 * Dimensions are written as a list of options (`[3, 5]`, `[false, true]`, `["sgd", "adam"]`; one option fixes
 * the dimension), an integer range `{"min", "max", "step"?}` (inclusive, step default 1: the options are
 * min, min + step, … ≤ max), or, for real-valued recipe fields, a continuous range `{"min", "max", "scale"?}` with
 * scale `linear` (default) or `log` (min > 0).
 *
 * - `resolution`: input sides (pixels); `inputChannels`, `numClasses`, `basicArgs`, `head`: as in `fbnas.arch/v1`.
 * - `stem`: `{op, channels, stride}`, a conv op (e.g. `conv_k3_hs`) with searched output channels.
 * - `stages[i]`: `{name, stride, channels, depth, expansion, kernel, se, activation, args?}`: `depth` blocks of the
 *   `ir` op (only the first keeps `stride`) with `kernel` ∈ {3, 5, 7}, `se` true = the hsigmoid gate,
 *   `activation` `relu` or `hswish` (fixed per stage), `args` fixed extra `ir` arguments.
 * - `last`: fixed `fbnas.arch/v1` block entries after the stages (e.g. FBNetV3's `ir_pool_hs`), one stage.
 * - `recipe`: `optimizer` ⊂ {sgd, rmsprop, adam}; `learningRate` (initial, per batch of the recipe's size),
 *   `weightDecay` (L2 coefficient), `mixup` (Beta(α, α) α; 0 = off), `dropout` (before the classifier),
 *   `stochasticDepth` (the last block's drop probability, linear in depth), `ema` (decay; 0 = off), `epochs`.
 * - Unknown keys are errors; every error names its JSON path and the expected form.
 */
import type { BlockEntry, HeadDefinition, JsonObject } from '@fbnas/core';

/** The format tag of joint-space documents. */
export const JOINT_SPACE_FORMAT = 'fbnas.joint-space/v1';

/** An inclusive integer range: the options are min, min + step, … ≤ max. */
export interface IntegerRange {
  min: number;
  max: number;
  /** Default 1. */
  step?: number;
}

/** A continuous range of a real-valued recipe field. */
export interface ContinuousRange {
  min: number;
  max: number;
  /** `linear` (default) or `log` (uniform in log space; min > 0). */
  scale?: 'linear' | 'log';
}

/** A searched integer: a list of options or an inclusive range. */
export type IntegerDimension = number[] | IntegerRange;

/** A searched real number: a list of options or a continuous range. */
export type RealDimension = number[] | ContinuousRange;

/** The stem: a convolution op with searched output channels. */
export interface JointStemDefinition {
  /** A conv op name, e.g. `conv_k3_hs`. */
  op: string;
  channels: IntegerDimension;
  /** Stride (pixels). */
  stride: number;
}

/** One stage of inverted-residual blocks. */
export interface JointStageDefinition {
  /** Stage name (`[A-Za-z][A-Za-z0-9_]*`), unique. */
  name: string;
  /** Stride of the stage's first block (pixels). */
  stride: number;
  /** Output channels. */
  channels: IntegerDimension;
  /** Number of blocks. */
  depth: IntegerDimension;
  /** Expansion ratios. */
  expansion: RealDimension;
  /** Depthwise kernel sizes (3, 5, 7). */
  kernel: number[];
  /** Squeeze-excite off/on. */
  se: boolean[];
  /** The stage's activation. */
  activation: 'relu' | 'hswish';
  /** Fixed extra `ir` arguments. */
  args?: JsonObject;
}

/** The searched training recipe. */
export interface JointRecipeDefinition {
  optimizer: ('sgd' | 'rmsprop' | 'adam')[];
  learningRate: RealDimension;
  weightDecay: RealDimension;
  mixup: RealDimension;
  dropout: RealDimension;
  stochasticDepth: RealDimension;
  ema: RealDimension;
  epochs: IntegerDimension;
}

/** An `fbnas.joint-space/v1` document. */
export interface JointSpaceDefinition {
  format: typeof JOINT_SPACE_FORMAT;
  name: string;
  description?: string;
  inputChannels: number;
  numClasses: number;
  /** Input sides (pixels). */
  resolution: IntegerDimension;
  basicArgs?: JsonObject;
  stem: JointStemDefinition;
  stages: JointStageDefinition[];
  /** Fixed block entries after the stages. */
  last?: BlockEntry[];
  head?: HeadDefinition;
  recipe: JointRecipeDefinition;
}
