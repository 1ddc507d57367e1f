import { parseArgsWith, type LayerPlan, type OpBlock, type OpSpec } from '@fbnas/core';
import { convUnit } from './conv-unit';
import { latencyKey } from './latency-key';

/** The `skip` block takes no arguments (the reference passes it none, spec §2). */
export type SkipArgs = Record<string, never>;

/**
 * The `skip` block (spec §5.6): the identity (empty plan) when in == out and stride 1; otherwise a projection
 * 1×1 conv (stride s, no bias) → BN → ReLU (always ReLU), with no addition. Layers `conv.conv`, `conv.bn`.
 *
 * @example
 * skipSpec.plan({ inChannels: 16, outChannels: 16, stride: 1, args: {} }); // []
 */
export const skipSpec: OpSpec<SkipArgs> = {
  name: 'skip',
  description: 'identity, or 1×1 conv (no bias) → BN → ReLU when the shape changes',
  argNames: [],
  aliases: [],
  parseArgs: (raw, context): SkipArgs => parseArgsWith({}, raw, context),
  plan,
  latencyKey: (block, input) => latencyKey('skip', plan(block), block, input, [`s:${block.stride}`]),
};

function plan({ inChannels, outChannels, stride }: OpBlock<SkipArgs>): LayerPlan {
  if (inChannels === outChannels && stride === 1) return [];
  return convUnit({
    prefix: 'conv',
    inChannels,
    outChannels,
    kernel: 1,
    stride,
    groups: 1,
    bias: false,
    batchNorm: true,
    activation: 'relu',
  });
}
