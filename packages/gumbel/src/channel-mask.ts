/**
 * FBNetV2's channel masks (§3.1, Eqs. 1–3; fbnet-methods §2.2): a block is built once at its widest width C and
 * its output is multiplied by `M = Σᵢ gᵢ·𝟙ᵢ`, where 𝟙ᵢ ∈ {0,1}^C keeps the first cᵢ channels and g is a `[K]`
 * Gumbel-softmax sample over the K channel options. The indicator matrix `[K, C]` is a constant built once per
 * block; the mask costs one `[1,K]×[K,C]` product per step, whatever the number of options.
 */
import { matMul, mul, reshape, tensor2d, tidy, type Tensor, type Tensor1D, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import { channelOptions } from '@fbnas/core';

/**
 * The constant 0/1 indicator matrix of channel options: row i has ones in its first `options[i]` entries and
 * zeros in the remaining `maxChannels − options[i]`.
 *
 * @param options - channel counts cᵢ (channels), in the order of the Gumbel weights; each ≤ `maxChannels`.
 * @param maxChannels - the block's widest width C (channels).
 * @returns a `[K, C]` float32 tensor of zeros and ones (the caller disposes it).
 * @throws Error when `options` is empty, holds non-positive or non-integer values, or values above `maxChannels`.
 * @example
 * channelIndicator([2, 4], 4); // [[1, 1, 0, 0], [1, 1, 1, 1]]
 */
export function channelIndicator(options: readonly number[], maxChannels: number): Tensor2D {
  channelOptions(options, { maxChannels, name: 'channelIndicator: options' });
  const rows = options.map((count) => Array.from({ length: maxChannels }, (_, channel) => (channel < count ? 1 : 0)));
  return tensor2d(rows, [options.length, maxChannels], 'float32');
}

/**
 * The channel mask `M = Σᵢ gᵢ·𝟙ᵢ`: entry j is the total weight of the options that keep channel j. Differentiable
 * in `weights`: ∂L/∂gᵢ = Σ_{j < cᵢ} ∂L/∂Mⱼ.
 *
 * @param weights - `[K]` option weights (a Gumbel-softmax sample; one-hot gives exactly row i of `indicator`).
 * @param indicator - the `[K, C]` matrix of `channelIndicator`.
 * @returns the `[C]` mask.
 * @throws Error when `weights` is not a `[K]` vector matching the indicator's `[K, C]`.
 * @example
 * channelMask(tf.tensor1d([0.8, 0.2]), channelIndicator([4, 2], 4)); // [1, 1, 0.8, 0.8]
 */
export function channelMask(weights: Tensor, indicator: Tensor2D): Tensor1D {
  if (indicator.rank !== 2 || weights.rank !== 1 || weights.shape[0] !== indicator.shape[0]) {
    throw new Error(
      `channelMask: expected weights of shape [K] and an indicator of shape [K, C]; got weights [${weights.shape}], ` +
        `indicator [${indicator.shape}]`,
    );
  }
  return tidy(() => reshape(matMul(reshape(weights, [1, weights.shape[0]!]), indicator), [indicator.shape[1]!]));
}

/**
 * Multiplies an NHWC feature map by a channel mask along the channel axis (the mask reshaped `[1, 1, 1, C]`).
 * Differentiable in `x` and `mask`.
 *
 * @param x - an `[N, H, W, C]` feature map.
 * @param mask - a `[C]` mask (`channelMask`).
 * @throws Error when `x` is not rank 4 or its channel count differs from the mask's length.
 * @example
 * applyChannelMask(tf.ones([1, 2, 2, 4]), tf.tensor1d([1, 1, 0, 0])); // channels 2 and 3 are zero
 */
export function applyChannelMask(x: Tensor4D, mask: Tensor1D): Tensor4D {
  if (x.rank !== 4 || mask.rank !== 1 || x.shape[3] !== mask.shape[0]) {
    throw new Error(`applyChannelMask: expected x of shape [N, H, W, C] and a mask of shape [C]; got x [${x.shape}], mask [${mask.shape}]`);
  }
  return tidy(() => mul(x, reshape(mask, [1, 1, 1, mask.shape[0]])));
}
