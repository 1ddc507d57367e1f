import { add, clipByValue, div, mul, relu, scalar, sigmoid, tidy, type Tensor } from '@tensorflow/tfjs-core';
import type { ActivationName } from '@fbnas/core';

/** hswish(x) = x · relu6(x + 3) / 6 (spec §4.2; not tfjs's `hardSigmoid`-based variants). */
export function hardSwish<T extends Tensor>(x: T): T {
  return tidy(() => mul(x, hardSigmoid(x)) as T);
}

/** hsigmoid(x) = relu6(x + 3) / 6 (spec §4.2; tfjs's built-in `hardSigmoid` is clip(0.2x + 0.5), a different function). */
export function hardSigmoid<T extends Tensor>(x: T): T {
  return tidy(() => div(clipByValue(add(x, scalar(3)), 0, 6), scalar(6)) as T);
}

/** Applies the named activation of the layer plan. */
export function applyActivation<T extends Tensor>(x: T, activation: ActivationName): T {
  switch (activation) {
    case 'relu':
      return relu(x);
    case 'hswish':
      return hardSwish(x);
    case 'hsigmoid':
      return hardSigmoid(x);
    case 'sigmoid':
      return sigmoid(x);
    default:
      throw new Error(`unknown activation '${activation as string}'; expected relu, hswish, hsigmoid or sigmoid`);
  }
}
