import {
  booleanArg,
  choiceArg,
  makeDivisible,
  optionalNonNegativeIntegerArg,
  parseArgsWith,
  positiveIntegerArg,
  positiveNumberArg,
  type LayerPlan,
  type OpAlias,
  type OpBlock,
  type OpSpec,
  type PlanLayer,
} from '@fbnas/core';
import { convUnit } from './conv-unit';
import { latencyKey } from './latency-key';
import { squeezeExcite } from './squeeze-excite';

/**
 * Arguments of the inverted-residual block (`ir`). JSON names are camelCase; the reference's snake_case options
 * map one to one (`pw_groups` → `pwGroups`, `pwl_groups` → `pwlGroups`, `width_divisor` → `widthDivisor`,
 * `always_pw` → `alwaysPw`, `less_se_channels` → `lessSeChannels`, `zero_last_bn_gamma` → `zeroLastBnGamma`,
 * `dw_args: {padding}` → `dwPadding`).
 */
export interface InvertedResidualArgs {
  /** Depthwise kernel size (pixels). Default 3. */
  kernel: 3 | 5 | 7;
  /** Expansion ratio e (a real number; mid = makeDivisible(in · e, widthDivisor)). Default 6. */
  expansion: number;
  /** Activation after pw, after dw and inside SE; never after pwl. Default `relu`. */
  activation: 'relu' | 'hswish';
  /** Squeeze-excite gate, or `none`. Default `none`. */
  se: 'none' | 'sigmoid' | 'hsigmoid';
  /** Groups of the pw conv; > 1 also inserts a channel shuffle after the pw position. Default 1. */
  pwGroups: number;
  /** Groups of the pwl conv. Default 1. */
  pwlGroups: number;
  /** Bias on the pw, dw and pwl convs (true in FBNet-A/B/C). Default false. */
  bias: boolean;
  /** Divisor d of the mid and SE widths (spec §3; 1 for FBNet-A/B/C). Default 8. */
  widthDivisor: number;
  /** Keep the pw conv even when mid == in. Default false. */
  alwaysPw: boolean;
  /** SE ratio 0.25 / e instead of 0.25. Default false. */
  lessSeChannels: boolean;
  /** Initialise the pwl BN γ to 0 when the block has a residual (FBNetV2). Default false. */
  zeroLastBnGamma: boolean;
  /**
   * Zero padding of the dw conv on each side (pixels) instead of k//2: FBNetV3's per-block override (its
   * `dw_args: {padding}`), e.g. 1 on a 5×5 stride-2 dw maps 28 → 13 where k//2 gives 14. Default null (k//2).
   */
  dwPadding: number | null;
}

const schema = {
  kernel: choiceArg([3, 5, 7], 3),
  expansion: positiveNumberArg(6),
  activation: choiceArg(['relu', 'hswish'], 'relu'),
  se: choiceArg(['none', 'sigmoid', 'hsigmoid'], 'none'),
  pwGroups: positiveIntegerArg(1),
  pwlGroups: positiveIntegerArg(1),
  bias: booleanArg(false),
  widthDivisor: positiveIntegerArg(8),
  alwaysPw: booleanArg(false),
  lessSeChannels: booleanArg(false),
  zeroLastBnGamma: booleanArg(false),
  dwPadding: optionalNonNegativeIntegerArg(),
};

/** The derived widths of an IR block (channels). */
export interface InvertedResidualWidths {
  /** Hidden width: makeDivisible(in · e, d). */
  mid: number;
  /** SE hidden width makeDivisible(floor(mid · r), d), or null without SE. */
  seMid: number | null;
  /** Whether the pw conv exists (mid != in, or alwaysPw). */
  hasPw: boolean;
  /** Whether the output adds the input (in == out and stride 1). */
  residual: boolean;
}

/**
 * The widths of an IR block (spec §5.3, §5.5).
 *
 * @example
 * invertedResidualWidths({ inChannels: 24, outChannels: 32, stride: 2, args: { ...args, expansion: 5.3501,
 *   se: 'hsigmoid' } }); // { mid: 128, seMid: 32, hasPw: true, residual: false }
 */
export function invertedResidualWidths(block: OpBlock<InvertedResidualArgs>): InvertedResidualWidths {
  const { inChannels, outChannels, stride, args } = block;
  const mid = makeDivisible(inChannels * args.expansion, args.widthDivisor);
  const ratio = args.lessSeChannels ? 0.25 / args.expansion : 0.25;
  return {
    mid,
    seMid: args.se === 'none' ? null : makeDivisible(Math.floor(mid * ratio), args.widthDivisor),
    hasPw: mid !== inChannels || args.alwaysPw,
    residual: inChannels === outChannels && stride === 1,
  };
}

function plan(block: OpBlock<InvertedResidualArgs>): LayerPlan {
  const { inChannels, outChannels, stride, args } = block;
  const { mid, seMid, hasPw, residual } = invertedResidualWidths(block);
  const { bias, activation } = args;
  // Explicit option objects (no spreads): the masked supernet plans this op at every width combination.
  const layers: PlanLayer[] = [];
  if (hasPw) {
    layers.push(...convUnit({ prefix: 'pw', inChannels, outChannels: mid, kernel: 1, stride: 1, groups: args.pwGroups, bias, batchNorm: true, activation }));
  }
  if (args.pwGroups > 1) layers.push({ kind: 'channelShuffle', groups: args.pwGroups });
  layers.push(...convUnit({
    prefix: 'dw', inChannels: mid, outChannels: mid, kernel: args.kernel, stride, groups: mid, bias, batchNorm: true, activation, padding: args.dwPadding,
  }));
  if (args.se !== 'none' && seMid !== null) {
    layers.push(squeezeExcite({ channels: mid, hiddenChannels: seMid, activation, gate: args.se }));
  }
  layers.push(...convUnit({
    prefix: 'pwl', inChannels: mid, outChannels, kernel: 1, stride: 1, groups: args.pwlGroups, bias, batchNorm: true, activation: null,
    zeroGamma: residual && args.zeroLastBnGamma,
  }));
  return residual ? [{ kind: 'residual', body: layers }] : layers;
}

/** Paper/zoo names of spec §5.1: kernel × activation × SE, and the `_g2` grouped variants. */
const aliases: OpAlias[] = [3, 5].flatMap((kernel) => [
  { name: `ir_k${kernel}`, args: { kernel, activation: 'relu', se: 'none', pwGroups: 1 } },
  { name: `ir_k${kernel}_hs`, args: { kernel, activation: 'hswish', se: 'none', pwGroups: 1 } },
  { name: `ir_k${kernel}_se`, args: { kernel, activation: 'relu', se: 'sigmoid', pwGroups: 1 } },
  { name: `ir_k${kernel}_sehsig`, args: { kernel, activation: 'relu', se: 'hsigmoid', pwGroups: 1 } },
  { name: `ir_k${kernel}_sehsig_hs`, args: { kernel, activation: 'hswish', se: 'hsigmoid', pwGroups: 1 } },
  { name: `ir_k${kernel}_g2`, args: { kernel, activation: 'relu', se: 'none', pwGroups: 2 } },
]);

/**
 * The inverted-residual block `ir` (spec §5.3–5.5): [pw 1×1 in→mid → BN → act] (omitted when mid == in unless
 * `alwaysPw`) → [channel shuffle when pwGroups > 1] → dw k×k stride s → BN → act → [SE] → pwl 1×1 mid→out → BN
 * (no activation), plus the input iff in == out and stride 1. Layers `pw.conv`, `pw.bn`, `dw.conv`, `dw.bn`,
 * `se.se.0.conv`, `se.se.1`, `pwl.conv`, `pwl.bn`. Aliases: `ir_k3`, `ir_k5_sehsig_hs`, `ir_k5_g2`, ...
 *
 * @example
 * const args = invertedResidualSpec.parseArgs({ kernel: 3, expansion: 6 }, { path: 'example' });
 * invertedResidualSpec.latencyKey({ inChannels: 16, outChannels: 24, stride: 2, args }, { height: 112, width: 112 });
 * // 'ir-in:112x112x16-out:56x56x24-k:3-e:6-s:2-se:none-act:relu'
 */
export const invertedResidualSpec: OpSpec<InvertedResidualArgs> = {
  name: 'ir',
  description: 'inverted residual: pw 1×1 → dw k×k → [SE] → pwl 1×1, residual when the shape is kept',
  argNames: Object.keys(schema),
  aliases,
  parseArgs: (raw, context): InvertedResidualArgs => parseArgsWith(schema, raw, context),
  plan,
  latencyKey(block, input) {
    const { args } = block;
    const fields = [`k:${args.kernel}`, `e:${args.expansion}`, `s:${block.stride}`, `se:${args.se}`, `act:${args.activation}`];
    if (args.pwGroups !== 1) fields.push(`pwg:${args.pwGroups}`);
    if (args.pwlGroups !== 1) fields.push(`pwlg:${args.pwlGroups}`);
    if (args.bias) fields.push('bias:1');
    if (args.widthDivisor !== 8) fields.push(`d:${args.widthDivisor}`);
    if (args.alwaysPw) fields.push('alwayspw:1');
    if (args.lessSeChannels) fields.push('lessse:1');
    if (args.dwPadding !== null) fields.push(`dwpad:${args.dwPadding}`);
    return latencyKey('ir', plan(block), block, input, fields);
  },
};
