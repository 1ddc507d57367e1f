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
 * Options (both off by default, which leaves the block above unchanged):
 *
 * - `optionalPw`: some options have no pw conv (`ir` drops it when the hidden width equals the input width,
 *   unless `alwaysPw`). The depthwise input becomes `act(BN(pw(x)))·M_pw + fit(x, H)·s`, where `M_pw` is the
 *   hidden mask of the options that have a pw conv (`weights.pw`) and `s` the total weight of those that do not
 *   (`weights.bypass`); `x` is zero beyond its chosen width, which is then the hidden width.
 * - `se`: a masked squeeze-excite (`maskedSqueezeExcite`) after the dw unit, on the hidden width, its own hidden
 *   width searched by `weights.se` (SE hidden = makeDivisible(floor(mid·r), d) depends on each option's mid).
 *
 * With one-hot weights for (hidden h, output c) the output equals, on its first c channels, that of a plain `ir`
 * block (with its pw conv kept, unless the option has none through `optionalPw`) whose weights are the first h
 * hidden and the first c output channels of these (and the SE's leading slices), and is zero elsewhere.
 * Memory: one widest block whatever the number of options, plus a `[K, H]` and a `[K, C]` 0/1 constant.
 */
import {
  add, conv2d, depthwiseConv2d, mul, ones, pad, randomNormal, relu, tidy,
  variable, zeros, type Tensor, type Tensor2D, type Tensor4D, type Variable,
} from '@tensorflow/tfjs-core';
import { tfjsSeed } from '@fbnas/core';
import { applyChannelMask, channelIndicator, channelMask } from './channel-mask';
import {
  createMaskedSqueezeExcite, maskedSqueezeExcite, type MaskedSqueezeExcite,
} from './masked-squeeze-excite';
import { fitChannels, hardSwish, normalize, positiveInteger as checkPositiveInteger, widestOption, type ConvBatchNormVariables } from './masked-units';

export type { ConvBatchNormVariables } from './masked-units';

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
  /**
   * Some hidden options skip the pw conv (their hidden width is the input width): the dw input is
   * `pwPath·M_pw + fit(x, H)·s`, and the forward pass needs `weights.pw` and `weights.bypass`. Default false.
   */
  optionalPw?: boolean;
  /** A masked squeeze-excite after the dw unit (its hidden-width options and gate); null: none. Default null. */
  se?: MaskedInvertedResidualSe | null;
  /** Prefix of the variable names (`${name}.pw.conv/kernel`, …; the SE's keep automatic names); omitted: tfjs's automatic names. */
  name?: string;
}

/** The squeeze-excite of a masked inverted residual (its activation is the block's). */
export interface MaskedInvertedResidualSe {
  /** SE hidden-width options (channels), in the order of `weights.se`. */
  hiddenOptions: readonly number[];
  /** The gate: `hsigmoid` (`_sehsig` ops) or `sigmoid` (`_se`). */
  gate: 'sigmoid' | 'hsigmoid';
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
  /** The masked squeeze-excite on the hidden width (config `se`), or null. */
  readonly se: MaskedSqueezeExcite | null;
  /** Every trainable variable (for an optimizer's var list): pw, dw, pwl (kernel, γ, β), then the SE's. */
  readonly variables: readonly Variable[];
}

/** The Gumbel weights of one forward pass. */
export interface MaskedInvertedResidualWeights {
  /** `[K_hidden]` weights over `hiddenOptions`. */
  hidden: Tensor;
  /** `[K_output]` weights over `outputOptions`. */
  output: Tensor;
  /**
   * With `optionalPw`: `[K_hidden]` weights of the hidden options reached through the pw conv (`hidden` less
   * the options without one); its mask `M_pw` masks the pw path.
   */
  pw?: Tensor;
  /** With `optionalPw`: the scalar total weight of the options without pw conv (the identity path's weight). */
  bypass?: Tensor;
  /** With `se`: `[K_se]` weights over `se.hiddenOptions`. */
  se?: Tensor;
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
  if (config.se) widest(config.se.hiddenOptions, 'se.hiddenOptions');
  const full = {
    activation: 'relu' as const, residual: false, optionalPw: false, ...config, seed: config.seed ?? 0,
    se: config.se ? { hiddenOptions: [...config.se.hiddenOptions], gate: config.se.gate } : null,
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
    kernel: variable(randomNormal(shape, 0, Math.sqrt(2 / fanOut), 'float32', tfjsSeed(rest.seed * 3 + seedOffset)), true, name && `${name}.${part}.conv/kernel`),
    scale: variable(ones([channels]), true, name && `${name}.${part}.bn/gamma`),
    offset: variable(zeros([channels]), true, name && `${name}.${part}.bn/beta`),
  }));
  const k = rest.kernel;
  const pw = make('pw', [1, 1, rest.inChannels, hiddenChannels], hiddenChannels, 0, hiddenChannels);
  const dw = make('dw', [k, k, hiddenChannels, 1], k * k, 1, hiddenChannels);
  const pwl = make('pwl', [1, 1, hiddenChannels, outChannels], outChannels, 2, outChannels);
  const se = rest.se === null ? null : createMaskedSqueezeExcite({
    channels: hiddenChannels, hiddenOptions: rest.se.hiddenOptions, activation: rest.activation, gate: rest.se.gate, seed: rest.seed * 3 + 1_000_000,
  });
  return {
    config: rest,
    hiddenChannels,
    outChannels,
    pw,
    dw,
    pwl,
    hiddenIndicator: channelIndicator(rest.hiddenOptions, hiddenChannels),
    outputIndicator: channelIndicator(rest.outputOptions, outChannels),
    se,
    variables: [...[pw, dw, pwl].flatMap((unit) => [unit.kernel, unit.scale, unit.offset]), ...(se?.variables ?? [])],
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
  const { inChannels, kernel, stride, activation, residual, optionalPw } = block.config;
  if (x.rank !== 4 || x.shape[3] !== inChannels) {
    throw new Error(`maskedInvertedResidual: expected x of shape [N, H, W, ${inChannels}], got [${x.shape}]`);
  }
  if (optionalPw && (weights.pw === undefined || weights.bypass === undefined)) {
    throw new Error('maskedInvertedResidual: optionalPw: expected weights.pw ([K_hidden]) and weights.bypass (a scalar)');
  }
  if (block.se !== null && weights.se === undefined) throw new Error('maskedInvertedResidual: se: expected weights.se ([K_se])');
  return tidy(() => {
    const hiddenMask = channelMask(weights.hidden, block.hiddenIndicator);
    const outputMask = channelMask(weights.output, block.outputIndicator);
    const act = (t: Tensor4D): Tensor4D => (activation === 'relu' ? relu(t) : hardSwish(t));
    const padding = Math.floor(kernel / 2);
    let y = conv2d(x, block.pw.kernel as Tensor4D, 1, 'valid');
    if (optionalPw) {
      const pwMask = channelMask(weights.pw!, block.hiddenIndicator);
      const bypass = mul(fitChannels(x, block.hiddenChannels), weights.bypass!);
      y = add(applyChannelMask(act(normalize(y, block.pw)), pwMask), bypass) as Tensor4D;
    } else {
      y = applyChannelMask(act(normalize(y, block.pw)), hiddenMask);
    }
    y = pad(y, [[0, 0], [padding, padding], [padding, padding], [0, 0]]);
    y = depthwiseConv2d(y, block.dw.kernel as Tensor4D, stride, 'valid');
    y = applyChannelMask(act(normalize(y, block.dw)), hiddenMask);
    if (block.se !== null) y = maskedSqueezeExcite(y, block.se, { hidden: weights.se! });
    y = conv2d(y, block.pwl.kernel as Tensor4D, 1, 'valid');
    y = applyChannelMask(normalize(y, block.pwl), outputMask);
    return residual ? add(x, y) : y;
  });
}

/** Disposes a block's variables and mask constants (its SE's included). */
export function disposeMaskedInvertedResidual(block: MaskedInvertedResidual): void {
  for (const tensor of [...block.variables, block.hiddenIndicator, block.outputIndicator]) tensor.dispose();
  if (block.se !== null) block.se.hiddenIndicator.dispose();
}

function widest(options: readonly number[], field: string): number {
  return widestOption(options, 'createMaskedInvertedResidual', field);
}

function positiveInteger(value: number, field: string, expected: string): void {
  checkPositiveInteger(value, 'createMaskedInvertedResidual', field, expected);
}
