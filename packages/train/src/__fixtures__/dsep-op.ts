/**
 * A contributed op spec, written as a user would with `@fbnas/core` and `@fbnas/ops/specs` helpers: `dsep`, a
 * k×k depthwise-separable block (k×k depthwise conv → BN → ReLU, then 1×1 conv → BN; no residual). Layers
 * `dw.conv`, `dw.bn`, `pwl.conv`, `pwl.bn`.
 */
import { choiceArg, createOpSpecRegistry, parseArgsWith, type LayerPlan, type OpBlock, type OpSpec, type OpSpecRegistry } from '@fbnas/core';
import { builtinOpSpecs, convUnit, latencyKey } from '@fbnas/ops/specs';

/** Arguments of `dsep`. */
export interface DsepArgs {
  /** Depthwise kernel size (pixels). Default 3. */
  kernel: 3 | 5;
}

const schema = { kernel: choiceArg([3, 5], 3) };

function plan({ inChannels, outChannels, stride, args }: OpBlock<DsepArgs>): LayerPlan {
  return [
    ...convUnit({ prefix: 'dw', inChannels, outChannels: inChannels, kernel: args.kernel, stride, groups: inChannels, bias: false, batchNorm: true, activation: 'relu' }),
    ...convUnit({ prefix: 'pwl', inChannels, outChannels, kernel: 1, stride: 1, groups: 1, bias: false, batchNorm: true, activation: null }),
  ];
}

/** The `dsep` op spec, with aliases `dsep_k3` and `dsep_k5`. */
export const dsepSpec: OpSpec<DsepArgs> = {
  name: 'dsep',
  description: 'k×k depthwise conv → BN → ReLU, then 1×1 conv → BN',
  argNames: Object.keys(schema),
  aliases: [{ name: 'dsep_k3', args: { kernel: 3 } }, { name: 'dsep_k5', args: { kernel: 5 } }],
  parseArgs: (raw, context): DsepArgs => parseArgsWith(schema, raw, context),
  plan,
  latencyKey: (block, input) => latencyKey('dsep', plan(block), block, input, [`k:${block.args.kernel}`, `s:${block.stride}`]),
};

/** The built-in op specs plus `dsep`. */
export function opsWithDsep(): OpSpecRegistry {
  return createOpSpecRegistry([...builtinOpSpecs, dsepSpec as OpSpec]);
}
