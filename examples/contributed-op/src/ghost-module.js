// @ts-check
/**
 * A ghost module (GhostNet, Han et al. 2020) as an fbnas op, built only from plan primitives: a primary 1×1
 * convolution makes half the output channels, a cheap k×k depthwise convolution makes the other half from them,
 * and `concat` joins the two. One file: the op's arguments, its plan and its latency key.
 *
 *   x ─ primary.conv 1×1 (stride s) ─ primary.bn ─ act ─┬──────────────────────────────────┬─ concat → out
 *                                                       └─ cheap.conv k×k dw ─ cheap.bn ─ act ─┘
 */
import { choiceArg, FormatError, parseArgsWith } from '@fbnas/core';
import { convUnit, latencyKey } from '@fbnas/ops/specs';

const schema = {
  kernel: choiceArg([3, 5], 3),
  activation: choiceArg(['relu', 'hswish', 'none'], 'relu'),
};

/**
 * The ghost module: `ghost` (cheap kernel 3, ReLU), aliases `ghost_k5` and `ghost_linear` (no activation, the
 * second module of a ghost bottleneck). Output channels must be even (half primary, half cheap).
 *
 * @type {import('@fbnas/core').OpSpec<{ kernel: 3 | 5; activation: 'relu' | 'hswish' | 'none' }>}
 */
export const ghostSpec = {
  name: 'ghost',
  description: 'ghost module: primary 1×1 conv to half the width, cheap depthwise conv for the other half, concatenated',
  argNames: Object.keys(schema),
  aliases: [
    { name: 'ghost_k5', args: { kernel: 5 } },
    { name: 'ghost_linear', args: { activation: 'none' } },
  ],
  parseArgs: (raw, context) => parseArgsWith(schema, raw, context),
  plan({ inChannels, outChannels, stride, args }) {
    if (outChannels % 2 !== 0) {
      throw new FormatError('outChannels', `expected an even number of output channels (half primary, half cheap), got ${outChannels}`);
    }
    const half = outChannels / 2;
    const activation = args.activation === 'none' ? null : args.activation;
    return [
      ...convUnit({ prefix: 'primary', inChannels, outChannels: half, kernel: 1, stride, groups: 1, bias: false, batchNorm: true, activation }),
      {
        kind: 'concat',
        branches: [
          [],
          convUnit({ prefix: 'cheap', inChannels: half, outChannels: half, kernel: args.kernel, stride: 1, groups: half, bias: false, batchNorm: true, activation }),
        ],
      },
    ];
  },
  latencyKey(block, input) {
    return latencyKey('ghost', this.plan(block), block, input, [`k:${block.args.kernel}`, `s:${block.stride}`, `act:${block.args.activation}`]);
  },
};
