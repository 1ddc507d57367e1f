/**
 * FBNetV2's last backbone block `ir_pool` / `ir_pool_hs` (spec §5.7), masked: one block built at its widest
 * hidden width H and output width C whose hidden width (from the searched input width) and output width are
 * searched by channel masks. Functional: plain tfjs-core ops on variables this module creates, NHWC.
 *
 * Layers (`@fbnas/ops`' `ir_pool` plan: `pw.conv`, `pw.bn`, `pwl.conv`) and where the masks go:
 *
 * ```
 * x ─ pw 1×1 in→H (no bias) ─ BN ─ act ─ ×M_hidden ─ global average pool ─ pwl 1×1 H→C (no bias, no BN) ─ act ─ ×M_output
 * ```
 *
 * - The hidden mask comes after BN + activation: a masked hidden channel would otherwise reach the pool as
 *   act(β).
 * - `optionalPw`: some options have no pw conv (`ir_pool` drops it when the hidden width equals the input
 *   width); the pool's input is then `act(BN(pw(x)))·M_pw + fit(x, H)·s` (`weights.pw`, `weights.bypass`),
 *   as in `maskedInvertedResidual`.
 * - BN uses the batch's statistics (ε 1e-5).
 *
 * With one-hot weights for (hidden h, output c) and an input zero beyond its chosen width, the output equals, on
 * its first c channels, that of the plain `ir_pool` block whose weights are the leading slices of these
 * (`[1, 1, in, h]`, `[h]`, `[1, 1, h, c]`), and is zero elsewhere. Output `[N, 1, 1, C]`.
 */
import {
  add, conv2d, matMul, mean, mul, reshape, tidy, type Tensor, type Tensor2D, type Tensor4D, type Variable,
} from '@tensorflow/tfjs-core';
import { applyChannelMask, channelIndicator, channelMask } from './channel-mask';
import {
  activate, fitChannels, kernelVariable, normalize, positiveInteger, vectorVariable, widestOption, type ConvBatchNormVariables,
} from './masked-units';

const CALLER = 'createMaskedIrPool';

/** How to build a masked `ir_pool` block. */
export interface MaskedIrPoolConfig {
  /** Input channels (the widest input width). */
  inChannels: number;
  /** Hidden-width options (channels), in the order of the hidden weights; the largest is built. */
  hiddenOptions: readonly number[];
  /** Output-width options (channels), in the order of the output weights; the largest is built. */
  outputOptions: readonly number[];
  /** Activation after the pw BN and after the pwl conv. Default `relu` (`ir_pool_hs`: `hswish`). */
  activation?: 'relu' | 'hswish';
  /** Some hidden options skip the pw conv (see the module doc). Default false. */
  optionalPw?: boolean;
  /** Seed of the Kaiming-normal (fan-out) kernel initialisation. Default 0. */
  seed?: number;
}

/** A masked `ir_pool` block: its widest shape, variables and mask constants. */
export interface MaskedIrPool {
  /** The validated config with defaults filled in. */
  readonly config: Required<MaskedIrPoolConfig>;
  /** Widest hidden width H (channels). */
  readonly hiddenChannels: number;
  /** Widest output width C (channels). */
  readonly outChannels: number;
  /** pw 1×1 in→H and its BN. */
  readonly pw: ConvBatchNormVariables;
  /** pwl 1×1 H→C (no bias, no BN): its `[1, 1, H, C]` kernel. */
  readonly pwl: { kernel: Variable };
  /** `[K_hidden, H]` 0/1 indicator of the hidden options. */
  readonly hiddenIndicator: Tensor2D;
  /** `[K_output, C]` 0/1 indicator of the output options. */
  readonly outputIndicator: Tensor2D;
  /** Every trainable variable: pw kernel, γ, β, pwl kernel. */
  readonly variables: readonly Variable[];
}

/** The Gumbel weights of one forward pass of a masked `ir_pool` block. */
export interface MaskedIrPoolWeights {
  /** `[K_hidden]` weights over `hiddenOptions` (with `optionalPw`, `pw` and `bypass` stand for it). */
  hidden: Tensor;
  /** `[K_output]` weights over `outputOptions`. */
  output: Tensor;
  /** With `optionalPw`: `[K_hidden]` weights of the hidden options reached through the pw conv. */
  pw?: Tensor;
  /** With `optionalPw`: the scalar total weight of the options without pw conv. */
  bypass?: Tensor;
}

/**
 * Creates the variables of a masked `ir_pool` block at its widest widths (kernels Kaiming-normal fan-out,
 * BN γ 1 and β 0).
 *
 * @throws Error naming the field: bad channel options or an input width that is not a positive integer.
 * @example
 * const block = createMaskedIrPool({ inChannels: 240, hiddenOptions: [768, 864, 1440], outputOptions: [1600, 1984], activation: 'hswish' });
 */
export function createMaskedIrPool(config: MaskedIrPoolConfig): MaskedIrPool {
  const hiddenChannels = widestOption(config.hiddenOptions, CALLER, 'hiddenOptions');
  const outChannels = widestOption(config.outputOptions, CALLER, 'outputOptions');
  positiveInteger(config.inChannels, CALLER, 'inChannels', 'a positive integer channel count');
  const full: Required<MaskedIrPoolConfig> = {
    activation: 'relu', optionalPw: false, ...config, seed: config.seed ?? 0,
    hiddenOptions: [...config.hiddenOptions], outputOptions: [...config.outputOptions],
  };
  const pw = {
    kernel: kernelVariable([1, 1, full.inChannels, hiddenChannels], hiddenChannels, full.seed * 2),
    scale: vectorVariable(hiddenChannels, 1),
    offset: vectorVariable(hiddenChannels, 0),
  };
  const pwl = { kernel: kernelVariable([1, 1, hiddenChannels, outChannels], outChannels, full.seed * 2 + 1) };
  return {
    config: full,
    hiddenChannels,
    outChannels,
    pw,
    pwl,
    hiddenIndicator: channelIndicator(full.hiddenOptions, hiddenChannels),
    outputIndicator: channelIndicator(full.outputOptions, outChannels),
    variables: [pw.kernel, pw.scale, pw.offset, pwl.kernel],
  };
}

/**
 * Runs a masked `ir_pool` block. Differentiable in `x`, the block's variables and the weight vectors.
 *
 * @param x - `[N, H, W, inChannels]`.
 * @returns `[N, 1, 1, outChannels]`.
 * @throws Error when `x` has the wrong rank or channel count, a weight vector has the wrong length, or
 *   `optionalPw` weights are missing.
 * @example
 * const y = maskedIrPool(x, block, { hidden: gHidden, output: gOutput });
 */
export function maskedIrPool(x: Tensor4D, block: MaskedIrPool, weights: MaskedIrPoolWeights): Tensor4D {
  const { inChannels, activation, optionalPw } = block.config;
  if (x.rank !== 4 || x.shape[3] !== inChannels) {
    throw new Error(`maskedIrPool: expected x of shape [N, H, W, ${inChannels}], got [${x.shape}]`);
  }
  if (optionalPw && (weights.pw === undefined || weights.bypass === undefined)) {
    throw new Error('maskedIrPool: optionalPw: expected weights.pw ([K_hidden]) and weights.bypass (a scalar)');
  }
  const { hiddenChannels, outChannels } = block;
  return tidy(() => {
    const hiddenMask = channelMask(optionalPw ? weights.pw! : weights.hidden, block.hiddenIndicator);
    const outputMask = channelMask(weights.output, block.outputIndicator);
    let y = applyChannelMask(activate(normalize(conv2d(x, block.pw.kernel as Tensor4D, 1, 'valid'), block.pw), activation), hiddenMask);
    if (optionalPw) y = add(y, mul(fitChannels(x, hiddenChannels), weights.bypass!)) as Tensor4D;
    const batch = x.shape[0];
    const pooled = reshape(mean(y, [1, 2]), [batch, hiddenChannels]) as Tensor2D;
    const z = activate(matMul(pooled, reshape(block.pwl.kernel, [hiddenChannels, outChannels]) as Tensor2D), activation);
    return applyChannelMask(reshape(z, [batch, 1, 1, outChannels]) as Tensor4D, outputMask);
  });
}

/** Disposes a block's variables and mask constants. */
export function disposeMaskedIrPool(block: MaskedIrPool): void {
  for (const tensor of [...block.variables, block.hiddenIndicator, block.outputIndicator]) tensor.dispose();
}
