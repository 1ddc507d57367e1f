import { convOutputSize } from '../feature-shape';
import { describeValue, FormatError } from '../format-error';
import type { PoolLayer } from '../layer-plan';
import type { PlanPrimitive } from '../plan-primitive';
import { positiveIntegerField } from './check-field';

/**
 * `pool`: k×k average or max pooling, stride s, symmetric k//2 padding (average counts the zero padding, as
 * PyTorch's default `count_include_pad`; max pads with −∞). Output `floor((H + 2·(k//2) − k)/s) + 1`.
 * Cost: an average pool `k²·C·H'·W'` MACs (one accumulate per window element), a max pool none.
 */
export const poolPrimitive: PlanPrimitive<PoolLayer> = {
  name: 'pool',
  description: 'k×k average or max pooling with stride and k//2 padding',
  outputShape(layer: PoolLayer, input, { where }) {
    if (layer.mode !== 'avg' && layer.mode !== 'max') throw new FormatError(`${where}.mode`, `expected 'avg' or 'max', got ${describeValue(layer.mode)}`);
    positiveIntegerField(layer.kernel, where, 'kernel', 'a positive integer kernel size');
    positiveIntegerField(layer.stride, where, 'stride', 'a positive integer stride');
    if (layer.kernel % 2 === 0) throw new FormatError(`${where}.kernel`, `expected an odd kernel size (symmetric padding), got ${layer.kernel}`);
    return {
      height: convOutputSize(input.height, layer.kernel, layer.stride),
      width: convOutputSize(input.width, layer.kernel, layer.stride),
      channels: input.channels,
    };
  },
  cost(layer, { output, arithmetic: a }) {
    if (layer.mode === 'max') return {};
    return { macs: a.mul(a.mul(a.mul(output.channels, output.height), output.width), a.constant(layer.kernel * layer.kernel)) };
  },
};
