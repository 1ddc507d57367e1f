/**
 * Pieces shared by the masked blocks (`masked-inverted-residual.ts`, `masked-squeeze-excite.ts`,
 * `masked-ir-pool.ts`): training-mode batch norm, the activations as `@fbnas/ops` computes them, channel fitting,
 * Kaiming-normal initial values and config checks. Internal to the package.
 */
import {
  add, clipByValue, div, mul, ones, pad, randomNormal, relu, relu6, scalar, sigmoid, slice, tidy, variable, zeros,
  type Tensor, type Tensor1D, type Tensor4D, type Variable,
} from '@tensorflow/tfjs-core';
import { batchNormTraining } from '@fbnas/backend';
import { channelOptions, tfjsSeed } from '@fbnas/core';

/** A convolution's kernel and the BN after it (γ = `scale`, β = `offset`, one per output channel). */
export interface ConvBatchNormVariables {
  /** `[k, k, in, out]` (dense) or `[k, k, channels, 1]` (depthwise) kernel. */
  kernel: Variable;
  /** BN γ, `[out]`. */
  scale: Variable;
  /** BN β, `[out]`. */
  offset: Variable;
}

/**
 * Training-mode batch norm over N, H, W (batch statistics, ε 1e-5), with `@fbnas/backend`'s closed-form
 * gradient (native kernels on wasm; `tf.batchNorm`'s own gradient spends most of a step in `Tile`).
 */
export function normalize(y: Tensor4D, unit: { scale: Variable; offset: Variable }): Tensor4D {
  const { y: normalized, mean, variance } = batchNormTraining(y, unit.scale as Tensor1D, unit.offset as Tensor1D, 1e-5);
  mean.dispose();
  variance.dispose();
  return normalized;
}

/** h-swish: x · relu6(x + 3) / 6 (the form of the masked inverted residual since its first version). */
export function hardSwish<T extends Tensor>(t: T): T {
  return mul(t, mul(relu6(add(t, scalar(3))), scalar(1 / 6)));
}

/** h-sigmoid: clip(x + 3, 0, 6) / 6, written as `@fbnas/ops` writes it. */
export function hardSigmoid<T extends Tensor>(t: T): T {
  return div(clipByValue(add(t, scalar(3)), 0, 6), scalar(6));
}

/** A block activation (`relu`, `hswish`) or an SE gate (`sigmoid`, `hsigmoid`). */
export function activate<T extends Tensor>(t: T, activation: 'relu' | 'hswish' | 'sigmoid' | 'hsigmoid'): T {
  switch (activation) {
    case 'relu':
      return relu(t);
    case 'hswish':
      return hardSwish(t);
    case 'hsigmoid':
      return hardSigmoid(t);
    default:
      return sigmoid(t);
  }
}

/** Pads (with zero channels) or cuts an NHWC map to `channels` channels. */
export function fitChannels(x: Tensor4D, channels: number): Tensor4D {
  const have = x.shape[3];
  if (have === channels) return x;
  if (have < channels) return pad(x, [[0, 0], [0, 0], [0, 0], [0, channels - have]]);
  return slice(x, [0, 0, 0, 0], [-1, -1, -1, channels]);
}

/**
 * A trainable kernel initialised Kaiming-normal with fan-out `fanOut` (std sqrt(2 / fanOut), as `@fbnas/ops`'
 * convolutions), its initial value built inside `tidy` so that only the variable outlives the call. Any integer
 * `seed` (0 included, see `tfjsSeed`) gives the same values every time.
 */
export function kernelVariable(shape: number[], fanOut: number, seed: number): Variable {
  return tidy(() => variable(randomNormal(shape, 0, Math.sqrt(2 / fanOut), 'float32', tfjsSeed(seed)), true));
}

/** A trainable vector of `length` zeros (biases, BN β) or ones (BN γ). */
export function vectorVariable(length: number, value: 0 | 1): Variable {
  return tidy(() => variable(value === 1 ? ones([length]) : zeros([length]), true));
}

/** The widest of a list of channel options, after checking them (`${caller}: ${field}: ...`). */
export function widestOption(options: readonly number[], caller: string, field: string): number {
  channelOptions(options, { name: `${caller}: ${field}` });
  return Math.max(...options);
}

/** Throws `${caller}: ${field}: expected ${expected}, got …` unless `value` is a positive integer. */
export function positiveInteger(value: number, caller: string, field: string, expected: string): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${caller}: ${field}: expected ${expected}, got ${String(value)}`);
}
