import { countPlan, makeDivisible, type BlockEntry, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry, invertedResidualWidths, type InvertedResidualArgs } from '@fbnas/ops/specs';
import {
  isMaskLayer, maskChoiceRows, takesExpansion, type MaskChoiceRow, type MaskFixedBlock, type MaskLayer, type MaskSearchSpace,
} from '@fbnas/search-space';
import { planEntry, planHead, resolveEntry } from './plan-entry';

/** A plain convolution candidate (conv → BN → act), built at the layer's widest input and output. */
export interface MaskedConvCandidate {
  kind: 'conv';
  name: string;
  /** The block entry at the widest widths. */
  entry: BlockEntry;
  kernel: number;
}

/** One (expansion, input width) combination of a masked block and the widths it gives (channels). */
export interface MaskedCombo {
  expansion: number;
  inChannels: number;
  /** Hidden width `makeDivisible(in·e, d)`. */
  hidden: number;
  /** Whether the derived block has its pw conv (hidden ≠ input width, or `alwaysPw`). */
  pw: boolean;
  /** SE hidden width `makeDivisible(floor(hidden·r), d)` (`ir` with squeeze-excite), else null. */
  seHidden: number | null;
}

/** An inverted-residual candidate: one widest block whose hidden and output widths are masked. */
export interface MaskedIrCandidate {
  kind: 'ir';
  name: string;
  kernel: number;
  activation: 'relu' | 'hswish';
  /** Distinct hidden widths (channels), ascending: the hidden mask's options. */
  hidden: number[];
  /** Every (expansion, input width) combination, expansion-major, with its widths. */
  combos: MaskedCombo[];
  /** True when some combination has no pw conv (the supernet then mixes in the pw-less path). */
  optionalPw: boolean;
  /** The squeeze-excite (gate, distinct SE hidden widths ascending), or null. */
  se: { gate: 'sigmoid' | 'hsigmoid'; hidden: number[] } | null;
}

/** An `ir_pool` candidate (FBNetV2's last block): one widest block, hidden and output widths masked; output 1×1. */
export interface MaskedIrPoolCandidate {
  kind: 'irPool';
  name: string;
  activation: 'relu' | 'hswish';
  /** Distinct hidden widths (channels), ascending. */
  hidden: number[];
  /** Every (expansion, input width) combination, expansion-major (`seHidden` null). */
  combos: MaskedCombo[];
  /** True when some combination has no pw conv. */
  optionalPw: boolean;
}

/** The `skip` candidate: identity when the chosen widths agree and the stride is 1, else a 1×1 projection. */
export interface MaskedSkipCandidate {
  kind: 'skip';
  name: string;
}

/** A candidate of a masked layer. */
export type MaskedCandidate = MaskedConvCandidate | MaskedIrCandidate | MaskedIrPoolCandidate | MaskedSkipCandidate;

/** A searchable layer, planned. Row fields are indices into `rows` (null when the dimension is fixed). */
export interface MaskedLayerPlan {
  kind: 'layer';
  layer: MaskLayer;
  maxIn: number;
  maxOut: number;
  candidates: MaskedCandidate[];
  opRow: number | null;
  channelsRow: number | null;
  expansionRow: number | null;
  /** The row of the width feeding this layer (the previous searchable layer's channels), or null. */
  inputRow: number | null;
  /** Expansion options seen by the ir candidates (one value when fixed). */
  expansions: number[];
  /** Input side (pixels) at each of the space's resolutions. */
  inSides: number[];
  /** Output side (pixels) at each resolution (1 after `ir_pool`). */
  outSides: number[];
}

/** A fixed block (or the head), planned at every input width option and resolution. */
export interface MaskedFixedPlan {
  kind: 'fixed';
  block: MaskFixedBlock;
  maxIn: number;
  /** The entry at the widest input (null for the head). */
  entry: BlockEntry | null;
  inputRow: number | null;
  /** Input side (pixels) at each of the space's resolutions. */
  inSides: number[];
  /** MACs and conv weights at input width option i and resolution j: `[i][j]`. */
  macs: number[][];
  weights: number[][];
}

/** A mask space planned for a supernet: its choice rows and its blocks in order. */
export interface MaskedSpacePlan {
  space: MaskSearchSpace;
  rows: MaskChoiceRow[];
  resolutionRow: number | null;
  blocks: (MaskedLayerPlan | MaskedFixedPlan)[];
}

/**
 * Plans a mask space for the masked supernet and its cost: every candidate resolved with core's unify (so its
 * kernel, activation, hidden, SE and pw presence are those of the derived architecture, per expansion and input
 * width), every fixed block counted with core's counter at each input width and resolution, and every block's
 * input side tracked per resolution (a block of stride s maps side h to ⌈h / s⌉; `ir_pool` to 1).
 *
 * Supported candidates: plain convolutions (`conv_k*`); inverted residuals without groups or bias, with or
 * without squeeze-excite (`sigmoid`, `hsigmoid`), with or without their pw conv per choice (no pw where the
 * hidden width equals the input width and `alwaysPw` is off); `ir_pool` (alone in its layer: its output is 1×1);
 * and `skip`.
 *
 * @throws Error naming the layer and candidate when a candidate is not supported.
 */
export function planMaskedSpace(space: MaskSearchSpace, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): MaskedSpacePlan {
  const rows = maskChoiceRows(space);
  const rowIndex = (id: string) => {
    const index = rows.findIndex((row) => row.id === id);
    return index < 0 ? null : index;
  };
  const basicArgs = space.definition.basicArgs;
  let sides = [...space.resolutions];
  const blocks = space.blocks.map((block): MaskedLayerPlan | MaskedFixedPlan => {
    const maxIn = Math.max(...block.input.channels);
    const inputRow = block.input.layer === null ? null : rowIndex(`${block.input.layer}.channels`);
    const inSides = sides;
    if (!isMaskLayer(block)) {
      const count = (inChannels: number, inSide: number) => {
        const shape = { height: inSide, width: inSide, channels: inChannels };
        const planned = block.entry === null ? planHead(shape, space.numClasses, ops) : planEntry(block.entry, shape, basicArgs, ops);
        return countPlan(planned.plan, shape);
      };
      if (block.entry === null && block.op !== 'classifier') {
        throw new Error(`${space.name}: head: the masked supernet supports the 'classifier' head, got '${block.op}'`);
      }
      const table = block.input.channels.map((c) => inSides.map((s) => count(c, s)));
      sides = table[0]!.map((cost) => cost.outputShape.height);
      return {
        kind: 'fixed', block, maxIn, inputRow, inSides,
        entry: block.entry === null ? null : block.entry,
        macs: table.map((row) => row.map((cost) => cost.macs)),
        weights: table.map((row) => row.map((cost) => cost.weights)),
      };
    }
    const maxOut = Math.max(...block.channels);
    const expansions = block.expansions === null ? [] : [...block.expansions];
    const candidates = block.candidates.map((name) => planCandidate(space, block, name, maxIn, maxOut, expansions, ops));
    const pooled = candidates.filter((c) => c.kind === 'irPool');
    if (pooled.length > 0 && pooled.length < candidates.length) {
      throw new Error(
        `${space.name}: layer ${block.id}: candidate '${pooled[0]!.name}' (ir_pool) pools to 1×1 while ` +
          `'${candidates.find((c) => c.kind !== 'irPool')!.name}' keeps a spatial map: their outputs cannot be mixed`,
      );
    }
    sides = pooled.length > 0 ? inSides.map(() => 1) : inSides.map((s) => Math.ceil(s / block.stride));
    return {
      kind: 'layer', layer: block, maxIn, maxOut, candidates, inputRow, expansions: expansions.length > 0 ? expansions : [1],
      opRow: rowIndex(`${block.id}.op`), channelsRow: rowIndex(`${block.id}.channels`), expansionRow: rowIndex(`${block.id}.expansion`),
      inSides, outSides: sides,
    };
  });
  return { space, rows, resolutionRow: rowIndex('resolution'), blocks };
}

/** Resolves one candidate of a layer with core's unify and plans its masks. */
function planCandidate(
  space: MaskSearchSpace, block: MaskLayer, name: string, maxIn: number, maxOut: number, expansions: number[], ops: OpSpecRegistry,
): MaskedCandidate {
  const where = `${space.name}: layer ${block.id}: candidate '${name}'`;
  const candidate = space.candidates.find((c) => c.name === name)!;
  if (candidate.op === 'skip') return { kind: 'skip', name };
  const withExpansion = takesExpansion(space, block, name);
  const entry: BlockEntry = [candidate.op, maxOut, block.stride, 1];
  const firstArgs = { ...candidate.args, ...(withExpansion ? { expansion: expansions[0]! } : {}) };
  if (Object.keys(firstArgs).length > 0) entry.push(firstArgs);
  const side = space.inputSize;
  const resolved = resolveEntry(entry, { height: side, width: side, channels: maxIn }, space.definition.basicArgs, ops);
  const args = resolved.args as Record<string, unknown>;
  if (resolved.op === 'conv') return { kind: 'conv', name, entry, kernel: args.kernel as number };
  const ratios = withExpansion ? expansions : [args.expansion as number];
  const distinct = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);
  if (resolved.op === 'ir_pool') {
    if (block.stride !== 1) throw new Error(`${where}: ir_pool needs stride 1 (it pools to 1×1), got ${block.stride}`);
    const combos = ratios.flatMap((expansion) => block.input.channels.map((inChannels): MaskedCombo => {
      const hidden = makeDivisible(inChannels * expansion, args.widthDivisor as number);
      return { expansion, inChannels, hidden, pw: hidden !== inChannels, seHidden: null };
    }));
    return {
      kind: 'irPool', name, activation: args.activation as 'relu' | 'hswish', hidden: distinct(combos.map((c) => c.hidden)), combos,
      optionalPw: combos.some((c) => !c.pw),
    };
  }
  if (resolved.op !== 'ir') throw new Error(`${where}: the masked supernet supports conv, ir, ir_pool and skip candidates, got op '${resolved.op}'`);
  if (args.pwGroups !== 1 || args.pwlGroups !== 1) {
    throw new Error(`${where}: grouped 1×1 convolutions (and their channel shuffle) cannot be masked by leading channels`);
  }
  if (args.bias) throw new Error(`${where}: convolution biases are not supported by the masked supernet`);
  const irArgs = args as unknown as InvertedResidualArgs;
  const combos = ratios.flatMap((expansion) => block.input.channels.map((inChannels): MaskedCombo => {
    const widths = invertedResidualWidths({ inChannels, outChannels: maxOut, stride: block.stride, args: { ...irArgs, expansion } });
    return { expansion, inChannels, hidden: widths.mid, pw: widths.hasPw, seHidden: widths.seMid };
  }));
  return {
    kind: 'ir', name, kernel: irArgs.kernel, activation: irArgs.activation, hidden: distinct(combos.map((c) => c.hidden)), combos,
    optionalPw: combos.some((c) => !c.pw),
    se: irArgs.se === 'none' ? null : { gate: irArgs.se, hidden: distinct(combos.map((c) => c.seHidden!)) },
  };
}
