import { FormatError } from '../format-error';
import type { BatchNormLayer } from '../layer-plan';
import type { PlanPrimitive } from '../plan-primitive';

/** `batchNorm`: batch normalisation over channels (ε 1e-5, PyTorch momentum 0.1); free; `channels` BN channels. */
export const batchNormPrimitive: PlanPrimitive<BatchNormLayer> = {
  name: 'batchNorm',
  description: 'batch normalisation over channels (γ, β, running mean and variance)',
  outputShape(layer: BatchNormLayer, input, { where }) {
    if (layer.channels !== input.channels) throw new FormatError(where, `expected ${layer.channels} channels, got ${input.channels}`);
    return input;
  },
  cost: (_layer, { value }) => ({ bnChannels: value('channels') }),
  parameters(layer) {
    const vector = (suffix: string, referenceSuffix: string) => ({ suffix, referenceSuffix, shape: [layer.channels], layout: 'vector' as const });
    return [vector('gamma', 'weight'), vector('beta', 'bias'), vector('moving_mean', 'running_mean'), vector('moving_variance', 'running_var')];
  },
};
