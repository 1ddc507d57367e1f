import { countPlan, makeDivisible, type BlockEntry, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
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

/** An inverted-residual candidate: one widest block whose hidden and output widths are masked. */
export interface MaskedIrCandidate {
  kind: 'ir';
  name: string;
  kernel: number;
  activation: 'relu' | 'hswish';
  /** Distinct hidden widths (channels), ascending: the hidden mask's options. */
  hidden: number[];
  /** Every (expansion, input width) combination, expansion-major, and its hidden width `makeDivisible(in·e, d)`. */
  combos: { expansion: number; inChannels: number; hidden: number }[];
}

/** The `skip` candidate: identity when the chosen widths agree and the stride is 1, else a 1×1 projection. */
export interface MaskedSkipCandidate {
  kind: 'skip';
  name: string;
}

/** A candidate of a masked layer. */
export type MaskedCandidate = MaskedConvCandidate | MaskedIrCandidate | MaskedSkipCandidate;

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
}

/** A fixed block (or the head), planned at every input width option and resolution. */
export interface MaskedFixedPlan {
  kind: 'fixed';
  block: MaskFixedBlock;
  maxIn: number;
  /** The entry at the widest input (null for the head). */
  entry: BlockEntry | null;
  inputRow: number | null;
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
 * kernel, activation and hidden widths are those of the derived architecture), every fixed block counted with
 * core's counter at each input width and resolution.
 *
 * Supported candidates: plain convolutions (`conv_k*`), inverted residuals without SE, groups or bias and with
 * their pw convolution for every choice (`alwaysPw`, or expansions whose hidden width never equals the input
 * width), and `skip`.
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
  const side = space.inputSize;
  const blocks = space.blocks.map((block): MaskedLayerPlan | MaskedFixedPlan => {
    const maxIn = Math.max(...block.input.channels);
    const inputRow = block.input.layer === null ? null : rowIndex(`${block.input.layer}.channels`);
    if (!isMaskLayer(block)) {
      const count = (inChannels: number, inSide: number) => {
        const shape = { height: inSide, width: inSide, channels: inChannels };
        const planned = block.entry === null ? planHead(shape, space.numClasses, ops) : planEntry(block.entry, shape, basicArgs, ops);
        return countPlan(planned.plan, shape);
      };
      if (block.entry === null && block.op !== 'classifier') {
        throw new Error(`${space.name}: head: the masked supernet supports the 'classifier' head, got '${block.op}'`);
      }
      const table = block.input.channels.map((c) => block.input.sides.map((s) => count(c, s)));
      return {
        kind: 'fixed', block, maxIn, inputRow,
        entry: block.entry === null ? null : block.entry,
        macs: table.map((row) => row.map((cost) => cost.macs)),
        weights: table.map((row) => row.map((cost) => cost.weights)),
      };
    }
    const maxOut = Math.max(...block.channels);
    const expansions = block.expansions === null ? [] : [...block.expansions];
    const candidates = block.candidates.map((name): MaskedCandidate => {
      const where = `${space.name}: layer ${block.id}: candidate '${name}'`;
      const candidate = space.candidates.find((c) => c.name === name)!;
      if (candidate.op === 'skip') return { kind: 'skip', name };
      const withExpansion = takesExpansion(space, block, name);
      const entryAt = (inChannels: number, expansion?: number) => {
        const args = { ...candidate.args, ...(expansion === undefined ? {} : { expansion }) };
        const entry: BlockEntry = [candidate.op, maxOut, block.stride, 1];
        if (Object.keys(args).length > 0) entry.push(args);
        return { entry, resolved: resolveEntry(entry, { height: side, width: side, channels: inChannels }, basicArgs, ops) };
      };
      const { entry, resolved } = entryAt(maxIn, withExpansion ? expansions[0] : undefined);
      const args = resolved.args as Record<string, unknown>;
      if (resolved.op === 'conv') return { kind: 'conv', name, entry, kernel: args.kernel as number };
      if (resolved.op !== 'ir') throw new Error(`${where}: the masked supernet supports conv, ir and skip candidates, got op '${resolved.op}'`);
      if (args.se !== 'none') throw new Error(`${where}: squeeze-excitation is not supported by the masked supernet yet`);
      if (args.pwGroups !== 1 || args.pwlGroups !== 1) throw new Error(`${where}: grouped 1×1 convolutions are not supported by the masked supernet`);
      if (args.bias) throw new Error(`${where}: convolution biases are not supported by the masked supernet`);
      const ratios = withExpansion ? expansions : [args.expansion as number];
      const combos = ratios.flatMap((expansion) => block.input.channels.map((inChannels) => {
        const hidden = makeDivisible(inChannels * expansion, args.widthDivisor as number);
        if (hidden === inChannels && !args.alwaysPw) {
          throw new Error(
            `${where}: expansion ${expansion} on input width ${inChannels} gives hidden width ${hidden} = input width, where ` +
              'the derived block drops its pw conv; the masked supernet always has it: set basicArgs.alwaysPw or drop that option',
          );
        }
        return { expansion, inChannels, hidden };
      }));
      const hidden = [...new Set(combos.map((c) => c.hidden))].sort((a, b) => a - b);
      return { kind: 'ir', name, kernel: args.kernel as number, activation: args.activation as 'relu' | 'hswish', hidden, combos };
    });
    return {
      kind: 'layer', layer: block, maxIn, maxOut, candidates, inputRow, expansions: expansions.length > 0 ? expansions : [1],
      opRow: rowIndex(`${block.id}.op`), channelsRow: rowIndex(`${block.id}.channels`), expansionRow: rowIndex(`${block.id}.expansion`),
    };
  });
  return { space, rows, resolutionRow: rowIndex('resolution'), blocks };
}
