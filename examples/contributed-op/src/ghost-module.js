// @ts-check
/**
 * GhostNet's ghost module (Han et al., CVPR 2020) and its bottleneck as an fbnas op, built only from plan
 * primitives. A ghost module makes half its output channels with a primary 1×1 convolution and the other half
 * from those with a cheap k×k depthwise convolution, and `concat` joins the two:
 *
 *   x ─ primary.conv 1×1 ─ primary.bn ─ act ─┬──────────────────────────────────────┬─ concat → out
 *                                            └─ cheap.conv k×k dw ─ cheap.bn ─ act ─┘
 *
 * The `ghost` op is the ghost bottleneck: ghost module in → hidden (hidden = in · expansion, a multiple of 4),
 * a k×k depthwise convolution when strided, ghost module hidden → out without activation, and the input added when
 * the shape is kept. One file: the module, the op's arguments, its plan and its latency key.
 */
import { choiceArg, FormatError, makeDivisible, parseArgsWith, positiveNumberArg } from '@fbnas/core';
import { convUnit, latencyKey } from '@fbnas/ops/specs';

/**
 * The layers of one ghost module (names `${prefix}.primary.conv`, `${prefix}.cheap.conv`, …).
 *
 * @param {{ prefix: string; inChannels: number; outChannels: number; kernel: number; activation: 'relu' | 'hswish' | null }} options
 * @returns {import('@fbnas/core').LayerPlan}
 */
export function ghostModule({ prefix, inChannels, outChannels, kernel, activation }) {
  if (outChannels % 2 !== 0) {
    throw new FormatError('outChannels', `expected an even number of channels for a ghost module (half primary, half cheap), got ${outChannels}`);
  }
  const half = outChannels / 2;
  return [
    ...convUnit({ prefix: `${prefix}.primary`, inChannels, outChannels: half, kernel: 1, stride: 1, groups: 1, bias: false, batchNorm: true, activation }),
    {
      kind: 'concat',
      branches: [
        [],
        convUnit({ prefix: `${prefix}.cheap`, inChannels: half, outChannels: half, kernel, stride: 1, groups: half, bias: false, batchNorm: true, activation }),
      ],
    },
  ];
}

const schema = {
  expansion: positiveNumberArg(3),
  kernel: choiceArg([3, 5], 3),
  activation: choiceArg(['relu', 'hswish'], 'relu'),
};

/**
 * `ghost`: the ghost bottleneck (cheap kernel 3, ReLU); alias `ghost_k5` (cheap and strided kernels 5).
 * Output channels must be even.
 *
 * @type {import('@fbnas/core').OpSpec<{ expansion: number; kernel: 3 | 5; activation: 'relu' | 'hswish' }>}
 */
export const ghostSpec = {
  name: 'ghost',
  description: 'ghost bottleneck: ghost module to in × expansion, [depthwise conv when strided], ghost module to out, residual',
  argNames: Object.keys(schema),
  aliases: [{ name: 'ghost_k5', args: { kernel: 5 } }],
  parseArgs: (raw, context) => parseArgsWith(schema, raw, context),
  plan({ inChannels, outChannels, stride, args }) {
    const hidden = makeDivisible(inChannels * args.expansion, 4);
    const body = [
      ...ghostModule({ prefix: 'ghost1', inChannels, outChannels: hidden, kernel: args.kernel, activation: args.activation }),
      ...(stride === 1 ? [] : convUnit({
        prefix: 'dw', inChannels: hidden, outChannels: hidden, kernel: args.kernel, stride, groups: hidden, bias: false, batchNorm: true, activation: null,
      })),
      ...ghostModule({ prefix: 'ghost2', inChannels: hidden, outChannels, kernel: args.kernel, activation: null }),
    ];
    return stride === 1 && inChannels === outChannels ? [{ kind: 'residual', body }] : body;
  },
  latencyKey(block, input) {
    const { args } = block;
    return latencyKey('ghost', this.plan(block), block, input, [`e:${args.expansion}`, `k:${args.kernel}`, `s:${block.stride}`, `act:${args.activation}`]);
  },
};
