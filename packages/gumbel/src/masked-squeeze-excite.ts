/**
 * A masked squeeze-excite module (FBNetV2's `_se` / `_sehsig` inverted residuals; spec §5.5): one module built
 * at its widest gated width C and widest hidden width S, whose hidden width is searched by a channel mask.
 * Functional: plain tfjs-core ops on variables this module creates, NHWC.
 *
 * ```
 * x ─ global average pool ─ 1×1 C→S (+bias) ─ act ─ ×M_se ─ 1×1 S→C (+bias) ─ gate ─ × x
 * ```
 *
 * The layers are `@fbnas/ops`' `squeezeExcite` (`se.se.0.conv`, activation, `se.se.1`, gate), the two 1×1
 * convolutions on the pooled `[N, C]` map written as matrix products. The hidden mask comes after the
 * activation: a masked hidden channel would otherwise reach the expansion as act(bias).
 *
 * With one-hot hidden weights for option s and an input that is zero beyond its first c channels, the output's
 * first c channels equal those of the plain SE with c channels and s hidden channels whose weights are the
 * leading slices of these (kernels `[1, 1, c, s]`, `[1, 1, s, c]`, biases `[s]`, `[c]`), and the rest are zero.
 */
import {
  add, matMul, mean, mul, reshape, tidy, type Tensor, type Tensor2D, type Tensor4D, type Variable,
} from '@tensorflow/tfjs-core';
import { applyChannelMask, channelIndicator, channelMask } from './channel-mask';
import { activate, kernelVariable, positiveInteger, vectorVariable, widestOption } from './masked-units';

const CALLER = 'createMaskedSqueezeExcite';

/** How to build a masked squeeze-excite module. */
export interface MaskedSqueezeExciteConfig {
  /** Width C of the gated tensor (channels): the widest hidden width of the inverted residual. */
  channels: number;
  /** SE hidden-width options (channels), in the order of the SE Gumbel weights; the largest (S) is built. */
  hiddenOptions: readonly number[];
  /** Activation between the two 1×1 convolutions (the block's). Default `relu`. */
  activation?: 'relu' | 'hswish';
  /** The gate applied last. Default `hsigmoid`. */
  gate?: 'sigmoid' | 'hsigmoid';
  /** Seed of the Kaiming-normal (fan-out) kernel initialisation. Default 0. */
  seed?: number;
}

/** A 1×1 convolution with bias, as a matrix product on a pooled map. */
export interface ConvBiasVariables {
  /** `[1, 1, in, out]` kernel (zero-initialised bias below). */
  kernel: Variable;
  /** `[out]` bias. */
  bias: Variable;
}

/** A masked squeeze-excite module: its widest shape, variables and mask constant. */
export interface MaskedSqueezeExcite {
  /** The validated config with defaults filled in. */
  readonly config: Required<MaskedSqueezeExciteConfig>;
  /** Widest hidden width S (channels). */
  readonly hiddenChannels: number;
  /** `se.se.0.conv`: 1×1 C→S with bias. */
  readonly reduce: ConvBiasVariables;
  /** `se.se.1`: 1×1 S→C with bias. */
  readonly expand: ConvBiasVariables;
  /** `[K_se, S]` 0/1 indicator of the hidden options. */
  readonly hiddenIndicator: Tensor2D;
  /** Every trainable variable (for an optimizer's var list). */
  readonly variables: readonly Variable[];
}

/**
 * Creates the variables of a masked squeeze-excite module at its widest widths: kernels Kaiming-normal
 * (fan-out, as `@fbnas/ops`' convolutions), biases zero.
 *
 * @throws Error naming the field: bad hidden options or a channel count that is not a positive integer.
 * @example
 * const se = createMaskedSqueezeExcite({ channels: 96, hiddenOptions: [8, 16, 24], gate: 'hsigmoid' });
 */
export function createMaskedSqueezeExcite(config: MaskedSqueezeExciteConfig): MaskedSqueezeExcite {
  const hiddenChannels = widestOption(config.hiddenOptions, CALLER, 'hiddenOptions');
  positiveInteger(config.channels, CALLER, 'channels', 'a positive integer channel count');
  const full: Required<MaskedSqueezeExciteConfig> = {
    activation: 'relu', gate: 'hsigmoid', ...config, seed: config.seed ?? 0, hiddenOptions: [...config.hiddenOptions],
  };
  const { channels, seed } = full;
  const reduce = { kernel: kernelVariable([1, 1, channels, hiddenChannels], hiddenChannels, seed * 2), bias: vectorVariable(hiddenChannels, 0) };
  const expand = { kernel: kernelVariable([1, 1, hiddenChannels, channels], channels, seed * 2 + 1), bias: vectorVariable(channels, 0) };
  return {
    config: full,
    hiddenChannels,
    reduce,
    expand,
    hiddenIndicator: channelIndicator(full.hiddenOptions, hiddenChannels),
    variables: [reduce.kernel, reduce.bias, expand.kernel, expand.bias],
  };
}

/**
 * Runs a masked squeeze-excite module: `x · gate(W₂·(M_se ⊙ act(W₁·pool(x) + b₁)) + b₂)`, broadcast over H, W.
 * Differentiable in `x`, the module's variables and `weights.hidden`.
 *
 * @param x - `[N, H, W, channels]`.
 * @param weights - `hidden`: `[K_se]` weights over `hiddenOptions`.
 * @returns `[N, H, W, channels]`.
 * @throws Error when `x` has the wrong rank or channel count, or the weight vector has the wrong length.
 * @example
 * const y = maskedSqueezeExcite(x, se, { hidden: gumbelSoftmax(alphaSe, options) });
 */
export function maskedSqueezeExcite(x: Tensor4D, se: MaskedSqueezeExcite, weights: { hidden: Tensor }): Tensor4D {
  const { channels, activation, gate } = se.config;
  if (x.rank !== 4 || x.shape[3] !== channels) {
    throw new Error(`maskedSqueezeExcite: expected x of shape [N, H, W, ${channels}], got [${x.shape}]`);
  }
  const hidden = se.hiddenChannels;
  return tidy(() => {
    const mask = channelMask(weights.hidden, se.hiddenIndicator);
    const batch = x.shape[0];
    const pooled = reshape(mean(x, [1, 2]), [batch, channels]) as Tensor2D;
    let z = add(matMul(pooled, reshape(se.reduce.kernel, [channels, hidden]) as Tensor2D), se.reduce.bias) as Tensor2D;
    z = reshape(applyChannelMask(reshape(activate(z, activation), [batch, 1, 1, hidden]) as Tensor4D, mask), [batch, hidden]) as Tensor2D;
    const g = activate(add(matMul(z, reshape(se.expand.kernel, [hidden, channels]) as Tensor2D), se.expand.bias), gate);
    return mul(x, reshape(g, [batch, 1, 1, channels])) as Tensor4D;
  });
}

/** Disposes a module's variables and mask constant. */
export function disposeMaskedSqueezeExcite(se: MaskedSqueezeExcite): void {
  for (const tensor of [...se.variables, se.hiddenIndicator]) tensor.dispose();
}
