import { convOutputSize } from '../feature-shape';
import { describeValue, FormatError } from '../format-error';
import type { ConvLayer } from '../layer-plan';
import type { PlanPrimitive } from '../plan-primitive';
import { positiveIntegerField } from './check-field';

/**
 * `conv`: a 2-D convolution with symmetric zero padding p (`padding`, default k//2) on every side, `groups`
 * groups (depthwise when `groups === inChannels === outChannels`), optional bias. Output `floor((H + 2p − k)/s) + 1`.
 * Cost: weights `out · in/groups · k²`, MACs weights × output H × W, biases `out` when `bias`.
 */
export const convPrimitive: PlanPrimitive<ConvLayer> = {
  name: 'conv',
  description: 'k×k convolution, symmetric zero padding (default k//2), grouped or depthwise, optional bias',
  outputShape(layer: ConvLayer, input, { where }) {
    positiveIntegerField(layer.kernel, where, 'kernel', 'a positive integer kernel size');
    positiveIntegerField(layer.stride, where, 'stride', 'a positive integer stride');
    positiveIntegerField(layer.groups, where, 'groups', 'a positive integer group count');
    positiveIntegerField(layer.outChannels, where, 'outChannels', 'a positive integer channel count');
    if (layer.inChannels !== input.channels) {
      throw new FormatError(where, `expected ${layer.inChannels} input channels, got ${input.channels}`);
    }
    if (layer.inChannels % layer.groups !== 0 || layer.outChannels % layer.groups !== 0) {
      throw new FormatError(
        `${where}.groups`,
        `expected a group count dividing ${layer.inChannels} and ${layer.outChannels} channels, got ${layer.groups}`,
      );
    }
    const padding = layer.padding ?? Math.floor(layer.kernel / 2);
    if (!Number.isInteger(padding) || padding < 0) {
      throw new FormatError(`${where}.padding`, `expected a non-negative integer padding (pixels), got ${describeValue(layer.padding)}`);
    }
    const height = convOutputSize(input.height, layer.kernel, layer.stride, padding);
    const width = convOutputSize(input.width, layer.kernel, layer.stride, padding);
    if (height < 1 || width < 1) {
      throw new FormatError(where, `a ${layer.kernel}×${layer.kernel} convolution with padding ${padding} needs an input of at least ${layer.kernel - 2 * padding} pixels, got ${input.height}x${input.width}`);
    }
    return { height, width, channels: layer.outChannels };
  },
  cost(layer, { output, value, arithmetic: a }) {
    const weights = a.mul(a.mul(value('outChannels'), a.div(value('inChannels'), value('groups'))), a.constant(layer.kernel * layer.kernel));
    return {
      weights,
      macs: a.mul(a.mul(weights, output.height), output.width),
      ...(layer.bias ? { biases: value('outChannels') } : {}),
    };
  },
  parameters(layer) {
    const depthwise = layer.groups > 1 && layer.groups === layer.inChannels;
    const kernel = depthwise
      ? [layer.kernel, layer.kernel, layer.inChannels, layer.outChannels / layer.inChannels]
      : [layer.kernel, layer.kernel, layer.inChannels / layer.groups, layer.outChannels];
    return [
      { suffix: 'kernel', referenceSuffix: 'weight', shape: kernel, layout: depthwise ? 'depthwise' as const : 'oihw' as const },
      ...(layer.bias ? [{ suffix: 'bias', referenceSuffix: 'bias', shape: [layer.outChannels], layout: 'vector' as const }] : []),
    ];
  },
};
