import { parseArgsWith, type LayerPlan, type OpBlock, type OpSpec } from '@fbnas/core';
import { latencyKey } from './latency-key';

/** The classifier head takes no arguments. */
export type ClassifierArgs = Record<string, never>;

function plan({ inChannels, outChannels }: OpBlock<ClassifierArgs>): LayerPlan {
  return [
    { kind: 'globalAveragePool' },
    { kind: 'conv', name: 'conv', inChannels, outChannels, kernel: 1, stride: 1, groups: 1, bias: true },
    { kind: 'flatten' },
  ];
}

/**
 * The classifier head (spec §5.8): global average pool → 1×1 conv C→classes with bias (a fully connected
 * layer) → flatten to logits. No dropout, no softmax. Layer `conv` (checkpoint keys `head.conv.*`).
 *
 * @example
 * classifierSpec.plan({ inChannels: 1984, outChannels: 1000, stride: 1, args: {} });
 */
export const classifierSpec: OpSpec<ClassifierArgs> = {
  name: 'classifier',
  description: 'global average pool → 1×1 conv with bias → flatten (logits)',
  argNames: [],
  aliases: [],
  parseArgs: (raw, context): ClassifierArgs => parseArgsWith({}, raw, context),
  plan,
  latencyKey: (block, input) => latencyKey('classifier', plan(block), block, input, []),
};
