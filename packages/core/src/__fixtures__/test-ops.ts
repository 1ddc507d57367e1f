/** Minimal op specs for core's own tests (the real ones live in @fbnas/ops). */
import type { ArchDefinition } from '../arch-definition';
import { booleanArg, choiceArg, parseArgsWith } from '../args-schema';
import { formatFeatureShape } from '../feature-shape';
import type { OpSpec } from '../op-spec';
import { createOpSpecRegistry } from '../op-spec-registry';
import { planOutputShape } from '../plan-shape';

const convSchema = { kernel: choiceArg([1, 3, 5], 3), activation: choiceArg(['relu', 'hswish'], 'relu'), bias: booleanArg(true) };

export const testConvSpec: OpSpec<{ kernel: 1 | 3 | 5; activation: 'relu' | 'hswish'; bias: boolean }> = {
  name: 'conv',
  description: 'conv → BN → activation',
  argNames: Object.keys(convSchema),
  aliases: [
    { name: 'conv_k3', args: { kernel: 3, activation: 'relu' } },
    { name: 'conv_k1', args: { kernel: 1, activation: 'relu' } },
  ],
  parseArgs: (raw, context) => parseArgsWith(convSchema, raw, context),
  plan: ({ inChannels, outChannels, stride, args }) => [
    { kind: 'conv', name: 'conv', inChannels, outChannels, kernel: args.kernel, stride, groups: 1, bias: args.bias },
    { kind: 'batchNorm', name: 'bn', channels: outChannels },
    { kind: 'activation', activation: args.activation },
  ],
  latencyKey(block, input) {
    const output = planOutputShape(this.plan(block), { ...input, channels: block.inChannels });
    return `conv-in:${formatFeatureShape({ ...input, channels: block.inChannels })}-out:${formatFeatureShape(output)}`;
  },
};

export const testSkipSpec: OpSpec<Record<string, never>> = {
  name: 'skip',
  description: 'identity',
  argNames: [],
  aliases: [],
  parseArgs: (raw, context) => parseArgsWith({}, raw, context),
  plan: () => [],
  latencyKey: () => 'skip',
};

export const testHeadSpec: OpSpec<Record<string, never>> = {
  name: 'classifier',
  description: 'pool → 1×1 conv → flatten',
  argNames: [],
  aliases: [],
  parseArgs: (raw, context) => parseArgsWith({}, raw, context),
  plan: ({ inChannels, outChannels }) => [
    { kind: 'globalAveragePool' },
    { kind: 'conv', name: 'conv', inChannels, outChannels, kernel: 1, stride: 1, groups: 1, bias: true },
    { kind: 'flatten' },
  ],
  latencyKey: () => 'classifier',
};

/** A three-block architecture of the test ops: conv_k3 16 s2, skip, conv_k1 32 without bias, at 224×224, 10 classes. */
export const tinyTestArch: ArchDefinition = {
  format: 'fbnas.arch/v1',
  name: 'tiny',
  inputSize: 224,
  stages: [[['conv_k3', 16, 2, 1]], [['skip', 16, 1, 1]], [['conv_k1', 32, 1, 1, { bias: false }]]],
  numClasses: 10,
};

/** A registry of the three test ops. */
export function createTestRegistry() {
  return createOpSpecRegistry([testConvSpec, testSkipSpec, testHeadSpec]);
}
