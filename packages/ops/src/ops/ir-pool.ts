import {
  choiceArg,
  makeDivisible,
  parseArgsWith,
  positiveIntegerArg,
  positiveNumberArg,
  type LayerPlan,
  type OpBlock,
  type OpSpec,
} from '@fbnas/core';
import { convUnit } from './conv-unit';
import { latencyKey } from './latency-key';

/** Arguments of the pooled head block (`ir_pool`). */
export interface IrPoolArgs {
  /** Expansion e: mid = makeDivisible(in · e, widthDivisor). Default 6. */
  expansion: number;
  /** Activation after pw and after pwl. Default `relu` (`ir_pool_hs`: `hswish`). */
  activation: 'relu' | 'hswish';
  /** Divisor d of the mid width. Default 8. */
  widthDivisor: number;
}

const schema = {
  expansion: positiveNumberArg(6),
  activation: choiceArg(['relu', 'hswish'], 'relu'),
  widthDivisor: positiveIntegerArg(8),
};

function plan({ inChannels, outChannels, stride, args }: OpBlock<IrPoolArgs>): LayerPlan {
  if (stride !== 1) throw new Error(`ir_pool: expected stride 1 (the block pools to 1x1), got ${stride}`);
  const mid = makeDivisible(inChannels * args.expansion, args.widthDivisor);
  const common = { kernel: 1, stride: 1, groups: 1, bias: false, activation: args.activation };
  return [
    ...(mid === inChannels ? [] : convUnit({ ...common, prefix: 'pw', inChannels, outChannels: mid, batchNorm: true })),
    { kind: 'globalAveragePool' },
    ...convUnit({ ...common, prefix: 'pwl', inChannels: mid, outChannels, batchNorm: false }),
  ];
}

/**
 * FBNetV2's last backbone block `ir_pool` (spec §5.7): pw 1×1 in→mid (no bias) → BN → act (omitted when
 * mid == in) → global average pool → pwl 1×1 mid→out (no bias, no BN) → act. Output 1×1; no residual; stride
 * must be 1. Layers `pw.conv`, `pw.bn`, `pwl.conv`. Alias `ir_pool_hs` (hswish).
 *
 * @example
 * irPoolSpec.plan({ inChannels: 224, outChannels: 1600, stride: 1,
 *   args: { expansion: 6, activation: 'hswish', widthDivisor: 8 } }); // mid 1344
 */
export const irPoolSpec: OpSpec<IrPoolArgs> = {
  name: 'ir_pool',
  description: 'pw 1×1 → BN → act → global average pool → 1×1 (no BN) → act (FBNetV2 last block)',
  argNames: Object.keys(schema),
  aliases: [{ name: 'ir_pool_hs', args: { activation: 'hswish' } }],
  parseArgs: (raw, context): IrPoolArgs => parseArgsWith(schema, raw, context),
  plan,
  latencyKey(block, input) {
    const { args } = block;
    const fields = [`e:${args.expansion}`, `act:${args.activation}`];
    if (args.widthDivisor !== 8) fields.push(`d:${args.widthDivisor}`);
    return latencyKey('ir_pool', plan(block), block, input, fields);
  },
};
