import { reshape, tidy, transpose, type Tensor4D } from '@tensorflow/tfjs-core';

/**
 * ShuffleNet's channel shuffle for NHWC tensors: views the C channels as `[groups, C/groups]`, transposes to
 * `[C/groups, groups]` and flattens back, so channel `g·(C/groups) + i` moves to `i·groups + g`. Used after
 * the grouped 1×1 convolutions of FBNet's `_g2` blocks. Differentiable (a reshape and a transpose).
 *
 * @throws Error when `groups` is not a positive integer dividing the channel count.
 * @example
 * channelShuffle(tf.tensor4d([0, 1, 2, 3], [1, 1, 1, 4]), 2); // channels [0, 2, 1, 3]
 */
export function channelShuffle(x: Tensor4D, groups: number): Tensor4D {
  const [batch, height, width, channels] = x.shape;
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new Error(`channelShuffle: groups must be a positive integer dividing ${channels} channels, got ${groups}`);
  }
  if (groups === 1) return x.clone();
  return tidy(() =>
    reshape(
      transpose(reshape(x, [batch, height, width, groups, channels / groups]), [0, 1, 2, 4, 3]),
      [batch, height, width, channels],
    ),
  );
}
