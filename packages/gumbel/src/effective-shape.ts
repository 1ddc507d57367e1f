/**
 * FBNetV2's effective shapes and resource cost (§3.3, Eqs. 5–10; fbnet-methods §2.4), differentiable in the
 * Gumbel weights, plus the same arithmetic on plain numbers.
 *
 * Conventions (chosen so that with one-hot weights the cost is exactly `@fbnas/core`'s count of the derived
 * block: `countPlan` / `countArch` MACs in `flops` mode, convolution `weights` in `params` mode):
 * - Effective width `C̄ = Σᵢ gᵢ·cᵢ` (Eq. 5); a width with no choice is its count (Eq. 8); a depthwise
 *   convolution passes its input width through, `C̄out = C̄in` with γ = C̄in (Eq. 9); layers chain
 *   `C̄in^{l+1} = C̄out^l`.
 * - Spatial size: with no resolution choice the exact size, `floor((h + 2·(k//2) − k)/s) + 1` per layer (core's
 *   `convOutputSize`, symmetric padding). With a choice over square resolutions rᵢ, each candidate size is
 *   propagated exactly and `h̄ = w̄ = Σᵢ gᵢ·hᵢ` at every layer (Eq. 6 as a Gumbel-weighted average).
 * - Per layer (Eq. 10), k the kernel, γ the groups: `flops`: `k²·h̄out·w̄out·C̄in·C̄out/γ` multiply-accumulates
 *   (MACs, no factor 2; depthwise: `k²·h̄out·w̄out·C̄in`); `params`: `k²·C̄in·C̄out/γ` convolution weights
 *   (depthwise: `k²·C̄in`). BN, activations, biases and residual additions cost nothing. Total: Σ over layers.
 */
import { add, mul, scalar, sum, tensor1d, tidy, type Scalar, type Tensor } from '@tensorflow/tfjs-core';
import { chainCost, checkWeights, type Arithmetic, type CostMode, type EffectiveInput, type EffectiveLayer } from './effective-cost-chain';

export type { CostMode, EffectiveInput, EffectiveLayer, ResolutionChoice } from './effective-cost-chain';

/**
 * Effective width `C̄ = Σᵢ gᵢ·cᵢ` (Eq. 5), differentiable in `weights`.
 *
 * @param weights - `[K]` Gumbel weights.
 * @param options - the K channel counts cᵢ (channels).
 * @returns a scalar (channels).
 * @throws Error when `weights` is not a `[K]` vector.
 * @example
 * effectiveChannels(tf.tensor1d([0.8, 0.2]), [16, 12]); // 15.2
 */
export function effectiveChannels(weights: Tensor, options: readonly number[]): Scalar {
  checkWeights('effectiveChannels', weights.rank === 1 ? weights.shape[0]! : -1, options.length, weights.shape);
  return tidy(() => sum(mul(weights, tensor1d(options as number[]))) as Scalar);
}

/** `effectiveChannels` on plain numbers: `Σᵢ gᵢ·cᵢ` (channels). */
export function effectiveChannelsValue(weights: readonly number[], options: readonly number[]): number {
  checkWeights('effectiveChannelsValue', weights.length, options.length, [weights.length]);
  return weights.reduce((total, weight, index) => total + weight * options[index]!, 0);
}

/**
 * The effective cost of a chain of convolutions (Eq. 10 summed over layers), differentiable in every effective
 * width and resolution weight it is given. Numbers may stand for widths with no choice.
 *
 * @returns a scalar: MACs (`flops`) or convolution weights (`params`).
 * @throws Error naming the layer field for a non-integer kernel, stride or group count, or a resolution choice
 *   whose weights do not match its resolutions.
 * @example
 * const hidden = effectiveChannels(gHidden, [16, 32, 48]);
 * const out = effectiveChannels(gOut, [16, 24]);
 * effectiveCost(invertedResidualEffectiveLayers({ kernel: 3, stride: 2, hiddenChannels: hidden, outChannels: out }),
 *   { channels: 8, spatial: { height: 28, width: 28 } }, 'flops');
 */
export function effectiveCost(
  layers: readonly EffectiveLayer[],
  input: EffectiveInput<number | Tensor, Tensor>,
  mode: CostMode,
): Scalar {
  return tidy(() => {
    const asTensor = (value: number | Tensor): Tensor => (typeof value === 'number' ? scalar(value) : value);
    const arithmetic: Arithmetic<Tensor, Tensor> = {
      constant: (value) => scalar(value),
      add: (a, b) => add(a, b),
      multiply: (a, b) => mul(a, b),
      weightedSum: (weights, values) => {
        checkWeights('effectiveCost: input.spatial', weights.rank === 1 ? weights.shape[0]! : -1, values.length, weights.shape);
        return sum(mul(weights, tensor1d(values as number[])));
      },
    };
    const tensorLayers = layers.map((layer) => ({
      ...layer,
      outChannels: layer.outChannels === 'depthwise' ? ('depthwise' as const) : asTensor(layer.outChannels),
    }));
    return chainCost(arithmetic, tensorLayers, { ...input, channels: asTensor(input.channels) }, mode, 'effectiveCost') as Scalar;
  });
}

/** `effectiveCost` on plain numbers (effective widths and resolution weights given as numbers). */
export function effectiveCostValue(
  layers: readonly EffectiveLayer<number>[],
  input: EffectiveInput<number, readonly number[]>,
  mode: CostMode,
): number {
  const arithmetic: Arithmetic<number, readonly number[]> = {
    constant: (value) => value,
    add: (a, b) => a + b,
    multiply: (a, b) => a * b,
    weightedSum: (weights, values) => {
      checkWeights('effectiveCostValue: input.spatial', weights.length, values.length, [weights.length]);
      return weights.reduce((total, weight, index) => total + weight * values[index]!, 0);
    },
  };
  return chainCost(arithmetic, layers, input, mode, 'effectiveCostValue');
}

/** The widths of a (masked) inverted-residual block; each a number or an effective width (scalar tensor). */
export interface InvertedResidualWidths<Hidden, Output = Hidden> {
  /** Depthwise kernel size (pixels). */
  kernel: number;
  /** Depthwise stride (pixels). */
  stride: number;
  /** Hidden width H̄ (channels). */
  hiddenChannels: Hidden;
  /** Output width C̄out (channels). */
  outChannels: Output;
}

/**
 * The convolutions of an inverted-residual block as a cost chain: pw 1×1 in→H̄, dw k×k stride s, pwl 1×1 H̄→C̄out
 * (the pw conv is always there, as in `maskedInvertedResidual` and in `ir` with `alwaysPw`).
 *
 * @example
 * invertedResidualEffectiveLayers({ kernel: 5, stride: 2, hiddenChannels: 48, outChannels: 24 });
 */
export function invertedResidualEffectiveLayers<Hidden, Output>(
  widths: InvertedResidualWidths<Hidden, Output>,
): EffectiveLayer<Hidden | Output>[] {
  return [
    { kernel: 1, stride: 1, outChannels: widths.hiddenChannels },
    { kernel: widths.kernel, stride: widths.stride, outChannels: 'depthwise' },
    { kernel: 1, stride: 1, outChannels: widths.outChannels },
  ];
}
