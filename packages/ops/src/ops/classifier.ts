import { parseArgsWith, type ArgField, type LayerPlan, type OpBlock, type OpSpec } from '@fbnas/core';
import { latencyKey } from './latency-key';

/** Arguments of the classifier head. */
export interface ClassifierArgs {
  /** Dropout probability on the pooled features before the 1×1 conv, in training only (mobile-vision's `dropout_ratio`). Default 0. */
  dropout: number;
}

const dropoutArg: ArgField<number> = {
  expected: 'a drop probability in [0, 1)',
  defaultValue: 0,
  accepts: (value): value is number => typeof value === 'number' && value >= 0 && value < 1,
};

function plan({ inChannels, outChannels, args }: OpBlock<ClassifierArgs>): LayerPlan {
  const layers: LayerPlan = [{ kind: 'globalAveragePool' }];
  if (args.dropout > 0) layers.push({ kind: 'dropout', rate: args.dropout, per: 'element' });
  layers.push({ kind: 'conv', name: 'conv', inChannels, outChannels, kernel: 1, stride: 1, groups: 1, bias: true }, { kind: 'flatten' });
  return layers;
}

/**
 * The classifier head (spec §5.8): global average pool → 1×1 conv C→classes with bias (a fully connected
 * layer) → flatten to logits; no softmax. With `dropout` > 0, dropout on the pooled features in training (the
 * identity at inference; counts unchanged). Layer `conv` (checkpoint keys `head.conv.*`).
 *
 * @example
 * classifierSpec.plan({ inChannels: 1984, outChannels: 1000, stride: 1, args: {} });
 */
export const classifierSpec: OpSpec<ClassifierArgs> = {
  name: 'classifier',
  description: 'global average pool → 1×1 conv with bias → flatten (logits)',
  argNames: ['dropout'],
  aliases: [],
  parseArgs: (raw, context): ClassifierArgs => parseArgsWith({ dropout: dropoutArg }, raw, context),
  plan,
  // Dropout is the identity at inference: the latency key ignores it.
  latencyKey: (block, input) => latencyKey('classifier', plan({ ...block, args: { dropout: 0 } }), block, input, []),
};
