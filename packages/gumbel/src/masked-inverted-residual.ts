/**
 * FBNetV2's masked inverted-residual block (§3.1; fbnet-methods §2.2, §5.2): one block built at its widest
 * hidden width H and widest output width C, whose hidden width (expansion) and output width are searched by
 * channel masks instead of one block per option. Functional: plain tfjs-core ops on variables this module
 * creates (no tfjs-layers), NHWC.
 *
 * Layers (names as in `@fbnas/ops`' `ir` plan) and where the masks go (§5.2: after BN + activation):
 *
 * ```
 * x ─ pw 1×1 in→H ─ BN ─ act ─ ×M_hidden ─ dw k×k stride s (pad k//2) ─ BN ─ act ─ ×M_hidden ─ pwl 1×1 H→C ─ BN ─ ×M_output ─ (+ x)
 * ```
 *
 * - The first hidden mask (§5.2's place) makes the masked hidden channels exact zeros going into the depthwise
 *   convolution.
 * - The hidden mask is applied again after the depthwise BN + activation, and this second mask is the one that
 *   carries a soft mask's value and gradient: BN divides the first mask's scale back out
 *   (BN(m·z) = m·(z − μ)/sqrt(m²σ² + ε) ≈ BN(z)), and an all-zero channel leaves BN as its offset β, so a masked
 *   channel would reach the projection as act(β). (With one-hot weights and batch statistics the projection's BN
 *   would subtract that constant again; with running statistics it would not.)
 * - The projection has no activation (as in `ir`), so the output mask comes right after its BN.
 * - BN uses the batch's statistics (training mode, ε 1e-5, no running statistics): BN acts on each channel
 *   alone, so masking never changes the kept channels' values.
 *
 * With one-hot weights for (hidden h, output c) the output equals, on its first c channels, that of a plain `ir`
 * block (with its pw conv kept: `alwaysPw` when h = in) whose weights are the first h hidden and the first c
 * output channels of these, and is zero elsewhere.
 * Memory: one widest block whatever the number of options, plus a `[K, H]` and a `[K, C]` 0/1 constant.
 */
import {
  add, conv2d, depthwiseConv2d, mul, ones, pad, randomNormal, relu6, relu, scalar, tidy,
  variable, zeros, type Tensor, type Tensor1D, type Tensor2D, type Tensor4D, type Variable,
} from '@tensorflow/tfjs-core';
import { batchNormTraining } from '@fbnas/backend';
import { applyChannelMask, channelIndicator, channelMask } from './channel-mask';
import { channelOptions } from '@fbnas/core';

/** How to build a masked inverted-residual block. */
export interface MaskedInvertedResidualConfig {
  /** Input channels (channels). */
  inChannels: number;
  /** Hidden-width options (channels), in the order of the hidden Gumbel weights; the largest is built. */
  hiddenOptions: readonly number[];
  /** Output-width options (channels), in the order of the output Gumbel weights; the largest is built. */
  outputOptions: readonly number[];
  /** Depthwise kernel size (pixels, odd). */
  kernel: number;
  /** Depthwise stride (pixels). */
  stride: number;
  /** Activation after the pw and dw BNs. Default `relu`. */
  activation?: 'relu' | 'hswish';
  /** Add the input to the output (needs stride 1 and inChannels = the widest output). Default false. */
  residual?: boolean;
  /** Seed of the Kaiming-normal (fan-out) kernel initialisation. Default 0. */
  seed?: number;
  /** Prefix of the variable names (`${name}.pw.conv/kernel`, …); omitted: tfjs's automatic names. */
  name?: string;
}

/** A convolution's kernel and the BN after it (γ = `scale`, β = `offset`, one per output channel). */
export interface ConvBatchNormVariables {
  /** `[k, k, in, out]` (dense) or `[k, k, channels, 1]` (depthwise) kernel. */
  kernel: Variable;
  /** BN γ, `[out]`. */
  scale: Variable;
  /** BN β, `[out]`. */
  offset: Variable;
}

/** A masked inverted-residual block: its widest shape, variables and mask constants. */
export interface MaskedInvertedResidual {
  /** The validated config with defaults filled in. */
  readonly config: Required<Omit<MaskedInvertedResidualConfig, 'name'>>;
  /** Widest hidden width H (channels). */
  readonly hiddenChannels: number;
  /** Widest output width C (channels). */
  readonly outChannels: number;
  /** pw 1×1 in→H, its BN. */
  readonly pw: ConvBatchNormVariables;
  /** dw k×k depthwise over H channels, its BN. */
  readonly dw: ConvBatchNormVariables;
  /** pwl 1×1 H→C, its BN. */
  readonly pwl: ConvBatchNormVariables;
  /** `[K_hidden, H]` 0/1 indicator of the hidden options. */
  readonly hiddenIndicator: Tensor2D;
  /** `[K_output, C]` 0/1 indicator of the output options. */
  readonly outputIndicator: Tensor2D;
  /** Every trainable variable (for an optimizer's var list). */
  readonly variables: readonly Variable[];
}

/** The Gumbel weights of one forward pass. */
export interface MaskedInvertedResidualWeights {
  /** `[K_hidden]` weights over `hiddenOptions`. */
  hidden: Tensor;
  /** `[K_output]` weights over `outputOptions`. */
  output: Tensor;
}

/**
 * Creates the variables of a masked inverted-residual block at its widest widths.
 *
 * @throws Error naming the field: bad channel options, a kernel that is not a positive odd integer, a stride
 *   that is not a positive integer, or `residual` without stride 1 and inChannels = the widest output.
 * @example
 * const block = createMaskedInvertedResidual({ inChannels: 8, hiddenOptions: [8, 16, 24, 32, 48],
 *   outputOptions: [8, 12, 16], kernel: 3, stride: 2 });
 */
export function createMaskedInvertedResidual(config: MaskedInvertedResidualConfig): MaskedInvertedResidual {
  const hiddenChannels = widest(config.hiddenOptions, 'hiddenOptions');
  const outChannels = widest(config.outputOptions, 'outputOptions');
  positiveInteger(config.inChannels, 'inChannels', 'a positive integer channel count');
  positiveInteger(config.stride, 'stride', 'a positive integer stride');
  positiveInteger(config.kernel, 'kernel', 'a positive odd integer kernel size');
  if (config.kernel % 2 === 0) throw new Error(`createMaskedInvertedResidual: kernel: expected a positive odd integer kernel size, got ${config.kernel}`);
  const full = {
    activation: 'relu' as const, residual: false, seed: 0, ...config,
    hiddenOptions: [...config.hiddenOptions], outputOptions: [...config.outputOptions],
  };
  if (full.residual && (full.stride !== 1 || full.inChannels !== outChannels)) {
    throw new Error(
      `createMaskedInvertedResidual: residual: expected stride 1 and inChannels equal to the widest output ${outChannels}, ` +
        `got stride ${full.stride} and inChannels ${full.inChannels}`,
    );
  }
  const { name, ...rest } = full;
  // Initial values are built inside tidy so that only the variables outlive the call.
  const make = (part: string, shape: number[], fanOut: number, seedOffset: number, channels: number) => tidy(() => ({
    kernel: variable(randomNormal(shape, 0, Math.sqrt(2 / fanOut), 'float32', rest.seed * 3 + seedOffset), true, name && `${name}.${part}.conv/kernel`),
    scale: variable(ones([channels]), true, name && `${name}.${part}.bn/gamma`),
    offset: variable(zeros([channels]), true, name && `${name}.${part}.bn/beta`),
  }));
  const k = rest.kernel;
  const pw = make('pw', [1, 1, rest.inChannels, hiddenChannels], hiddenChannels, 0, hiddenChannels);
  const dw = make('dw', [k, k, hiddenChannels, 1], k * k, 1, hiddenChannels);
  const pwl = make('pwl', [1, 1, hiddenChannels, outChannels], outChannels, 2, outChannels);
  return {
    config: rest,
    hiddenChannels,
    outChannels,
    pw,
    dw,
    pwl,
    hiddenIndicator: channelIndicator(rest.hiddenOptions, hiddenChannels),
    outputIndicator: channelIndicator(rest.outputOptions, outChannels),
    variables: [pw, dw, pwl].flatMap((unit) => [unit.kernel, unit.scale, unit.offset]),
  };
}

/**
 * Runs a masked inverted-residual block on an NHWC input with the given hidden- and output-width weights.
 * Differentiable in `x`, the block's variables and both weight vectors.
 *
 * @param x - `[N, H, W, inChannels]`.
 * @returns `[N, H', W', outChannels]` with H' = floor((H − 1)/stride) + 1 (symmetric k//2 padding).
 * @throws Error when `x` has the wrong rank or channel count, or a weight vector has the wrong length.
 * @example
 * const y = maskedInvertedResidual(x, block, { hidden: gumbelSoftmax(alphaHidden, o1), output: gumbelSoftmax(alphaOut, o2) });
 */
export function maskedInvertedResidual(x: Tensor4D, block: MaskedInvertedResidual, weights: MaskedInvertedResidualWeights): Tensor4D {
  const { inChannels, kernel, stride, activation, residual } = block.config;
  if (x.rank !== 4 || x.shape[3] !== inChannels) {
    throw new Error(`maskedInvertedResidual: expected x of shape [N, H, W, ${inChannels}], got [${x.shape}]`);
  }
  return tidy(() => {
    const hiddenMask = channelMask(weights.hidden, block.hiddenIndicator);
    const outputMask = channelMask(weights.output, block.outputIndicator);
    const act = (t: Tensor4D): Tensor4D => (activation === 'relu' ? relu(t) : hardSwish(t));
    const padding = Math.floor(kernel / 2);
    let y = conv2d(x, block.pw.kernel as Tensor4D, 1, 'valid');
    y = applyChannelMask(act(normalize(y, block.pw)), hiddenMask);
    y = pad(y, [[0, 0], [padding, padding], [padding, padding], [0, 0]]);
    y = depthwiseConv2d(y, block.dw.kernel as Tensor4D, stride, 'valid');
    y = applyChannelMask(act(normalize(y, block.dw)), hiddenMask);
    y = conv2d(y, block.pwl.kernel as Tensor4D, 1, 'valid');
    y = applyChannelMask(normalize(y, block.pwl), outputMask);
    return residual ? add(x, y) : y;
  });
}

/** Disposes a block's variables and mask constants. */
export function disposeMaskedInvertedResidual(block: MaskedInvertedResidual): void {
  for (const tensor of [...block.variables, block.hiddenIndicator, block.outputIndicator]) tensor.dispose();
}

/**
 * Training-mode batch norm over N, H, W (batch statistics, ε 1e-5), with `@fbnas/backend`'s closed-form
 * gradient (native kernels on wasm; `tf.batchNorm`'s own gradient spends most of a step in `Tile`).
 */
function normalize(y: Tensor4D, unit: ConvBatchNormVariables): Tensor4D {
  const { y: normalized, mean, variance } = batchNormTraining(y, unit.scale as Tensor1D, unit.offset as Tensor1D, 1e-5);
  mean.dispose();
  variance.dispose();
  return normalized;
}

/** h-swish: x · relu6(x + 3) / 6. */
function hardSwish(t: Tensor4D): Tensor4D {
  return mul(t, mul(relu6(add(t, scalar(3))), scalar(1 / 6)));
}

function widest(options: readonly number[], field: string): number {
  channelOptions(options, { name: `createMaskedInvertedResidual: ${field}` });
  return Math.max(...options);
}

function positiveInteger(value: number, field: string, expected: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`createMaskedInvertedResidual: ${field}: expected ${expected}, got ${String(value)}`);
  }
}
