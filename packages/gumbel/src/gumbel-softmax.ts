import {
  add, argMax, cast, customGrad, div, log, neg, oneHot, randomUniform, scalar, softmax, tidy,
  type GradSaveFunc, type Tensor,
} from '@tensorflow/tfjs-core';
import { tfjsSeed } from '@fbnas/core';

/** Options of `gumbelSoftmax`. */
export interface GumbelSoftmaxOptions {
  /** Temperature τ > 0: high τ gives near-uniform samples, τ → 0 one-hot ones. */
  temperature: number;
  /** Seed of the Gumbel noise (use `deriveSeed` for a fresh, reproducible seed per draw). */
  seed: number;
  /** Straight-through: a one-hot forward value with the soft sample's gradient (default false). */
  hard?: boolean;
}

/**
 * Samples Gumbel(0, 1) noise: `−ln(−ln u)` with `u ~ U(1e-6, 1 − 1e-6)` (clamped so the logs stay finite).
 */
export function sampleGumbel(shape: number[], seed: number): Tensor {
  return tidy(() => neg(log(neg(log(randomUniform(shape, 1e-6, 1 - 1e-6, 'float32', tfjsSeed(seed)))))));
}

/**
 * Gumbel-softmax over the last axis: `softmax((logits + g) / τ)` with fresh Gumbel noise g (Jang et al. 2017;
 * FBNet §3.4). With `hard`, the forward value is the one-hot argmax of that sample and the gradient is the soft
 * sample's (straight-through estimator).
 * @example
 * const mask = gumbelSoftmax(theta, { temperature: 5, seed: deriveSeed(7, epoch, step) }); // [layers, candidates]
 */
export function gumbelSoftmax(logits: Tensor, options: GumbelSoftmaxOptions): Tensor {
  if (!(options.temperature > 0)) throw new Error(`gumbelSoftmax: temperature must be > 0, got ${options.temperature}`);
  return tidy(() => {
    const soft = softmax(div(add(logits, sampleGumbel(logits.shape, options.seed)), scalar(options.temperature)));
    return options.hard ? straightThroughOneHot(soft) : soft;
  });
}

/** One-hot argmax of `soft` (last axis) in the forward pass; identity gradient to `soft`. */
export function straightThroughOneHot(soft: Tensor): Tensor {
  const depth = soft.shape[soft.rank - 1]!;
  const run = customGrad(((s: Tensor, _save: GradSaveFunc) => ({
    value: cast(oneHot(argMax(s, -1), depth), 'float32'),
    gradFunc: (dy: Tensor) => [dy],
  })) as unknown as Parameters<typeof customGrad>[0]);
  return run(soft) as Tensor;
}
