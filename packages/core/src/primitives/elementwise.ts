import { describeValue, FormatError } from '../format-error';
import type { ActivationLayer, ChannelShuffleLayer, DropoutLayer, FlattenLayer, GlobalAveragePoolLayer } from '../layer-plan';
import type { PlanPrimitive } from '../plan-primitive';
import { positiveIntegerField } from './check-field';

const ACTIVATIONS = ['relu', 'hswish', 'hsigmoid', 'sigmoid'];

/** `activation`: an elementwise activation (spec §4.2); free. */
export const activationPrimitive: PlanPrimitive<ActivationLayer> = {
  name: 'activation',
  description: 'elementwise activation: relu, hswish, hsigmoid or sigmoid',
  outputShape(layer: ActivationLayer, input, { where }) {
    if (!ACTIVATIONS.includes(layer.activation)) {
      throw new FormatError(`${where}.activation`, `expected relu, hswish, hsigmoid or sigmoid, got ${describeValue(layer.activation)}`);
    }
    return input;
  },
};

/** `channelShuffle`: ShuffleNet's channel shuffle with `groups` groups; free. */
export const channelShufflePrimitive: PlanPrimitive<ChannelShuffleLayer> = {
  name: 'channelShuffle',
  description: 'ShuffleNet channel shuffle',
  outputShape(layer: ChannelShuffleLayer, input, { where }) {
    positiveIntegerField(layer.groups, where, 'groups', 'a positive integer group count');
    if (input.channels % layer.groups !== 0) {
      throw new FormatError(`${where}.groups`, `expected a group count dividing ${input.channels} channels, got ${layer.groups}`);
    }
    return input;
  },
};

/** `globalAveragePool`: mean over H and W, keeping a 1×1 map; costs C·H·W MACs of its input. */
export const globalAveragePoolPrimitive: PlanPrimitive<GlobalAveragePoolLayer> = {
  name: 'globalAveragePool',
  description: 'global average pooling to a 1×1 map',
  outputShape: (_layer: GlobalAveragePoolLayer, input) => ({ height: 1, width: 1, channels: input.channels }),
  cost: (_layer, { input, arithmetic: a }) => ({ macs: a.mul(a.mul(input.channels, input.height), input.width) }),
};

/** `flatten`: [N,1,1,C] → [N,C] (reported as 1×1×C); free. */
export const flattenPrimitive: PlanPrimitive<FlattenLayer> = {
  name: 'flatten',
  description: 'flattens a 1×1 map to a vector',
  outputShape(_layer: FlattenLayer, input, { where }) {
    if (input.height !== 1 || input.width !== 1) throw new FormatError(where, `expected a 1x1 input, got ${input.height}x${input.width}`);
    return input;
  },
};

/** `dropout`: training-time dropout per element or per example (drop path); the identity at inference; free. */
export const dropoutPrimitive: PlanPrimitive<DropoutLayer> = {
  name: 'dropout',
  description: 'dropout (per element, or per example: drop path), training only',
  outputShape(layer: DropoutLayer, input, { where }) {
    if (typeof layer.rate !== 'number' || !(layer.rate >= 0 && layer.rate < 1)) {
      throw new FormatError(`${where}.rate`, `expected a drop probability in [0, 1), got ${describeValue(layer.rate)}`);
    }
    if (layer.per !== 'element' && layer.per !== 'example') {
      throw new FormatError(`${where}.per`, `expected "element" or "example", got ${describeValue(layer.per)}`);
    }
    return input;
  },
};
