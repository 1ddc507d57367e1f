import {
  planPrimitivesOf, resolveOpName, type BlockEntry, type JsonObject, type LayerPlan, type OpSpecRegistry, type PlanPrimitiveRegistry,
} from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import {
  isMaskLayer, maskChoiceRows, takesExpansion, type MaskChoiceRow, type MaskFixedBlock, type MaskLayer, type MaskSearchSpace,
} from '@fbnas/search-space';
import { alignBlock, type AlignedBlock, type AlignedLayer } from './masked-align';
import { planEntry, planHead, resolveEntry } from './plan-entry';

/** A candidate of a masked layer: its op aligned over (expansion, input width, output width). */
export interface MaskedCandidatePlan {
  /** Candidate name in the space. */
  name: string;
  /** Canonical op. */
  op: string;
  /** Whether the candidate takes the layer's expansion. */
  hasExpansion: boolean;
  /** The aligned plan: widest layers, symbolic widths, presence and residual tables. */
  block: AlignedBlock;
}

/** A searchable layer, planned. Row fields are indices into `rows` (null when the dimension is fixed). */
export interface MaskedLayerPlan {
  kind: 'layer';
  layer: MaskLayer;
  maxIn: number;
  maxOut: number;
  candidates: MaskedCandidatePlan[];
  opRow: number | null;
  channelsRow: number | null;
  expansionRow: number | null;
  /** The row of the width feeding this layer (the previous searchable layer's channels), or null. */
  inputRow: number | null;
  /** Expansion options (one value when fixed). */
  expansions: number[];
  /** Input side (pixels) at each of the space's resolutions. */
  inSides: number[];
  /** Output side (pixels) at each resolution. */
  outSides: number[];
}

/** A fixed block (or the head), aligned over its input width options. */
export interface MaskedFixedPlan {
  kind: 'fixed';
  block: MaskFixedBlock;
  maxIn: number;
  inputRow: number | null;
  /** The aligned plan (its only variable is the input width). */
  aligned: AlignedBlock;
  inSides: number[];
  outSides: number[];
}

/** A mask space planned for a supernet: its choice rows, its blocks in order and the plan primitives. */
export interface MaskedSpacePlan {
  space: MaskSearchSpace;
  rows: MaskChoiceRow[];
  resolutionRow: number | null;
  blocks: (MaskedLayerPlan | MaskedFixedPlan)[];
  primitives: PlanPrimitiveRegistry;
}

/**
 * Plans a mask space for the masked supernet and its cost, for any op of the registry: every candidate's op is
 * planned at the combinations of its expansion, input width and output width and aligned (`alignBlock`), so the
 * supernet builds each candidate once at its widest and masks it to every combination, and the cost reads the same
 * tables; fixed blocks and the head likewise over their input widths. Every block's input side is tracked per
 * resolution through its plan.
 *
 * Supported: ops whose layers keep their kinds across the choices (layers may appear or vanish, e.g. a pw conv
 * only when the hidden width differs from the input width, a residual only when the widths agree), whose widths
 * depend on at most two of the three choices at once, and whose grouped convolutions are depthwise (a dense group
 * count cannot be masked by channels); candidates of a layer must agree on the output side.
 *
 * @throws Error naming the layer and candidate when a candidate is not supported.
 */
export function planMaskedSpace(space: MaskSearchSpace, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): MaskedSpacePlan {
  const primitives = planPrimitivesOf(ops);
  const rows = maskChoiceRows(space);
  const rowIndex = (id: string) => {
    const index = rows.findIndex((row) => row.id === id);
    return index < 0 ? null : index;
  };
  const basicArgs = space.definition.basicArgs;
  const side = space.inputSize;
  let sides = [...space.resolutions];
  const blocks = space.blocks.map((block): MaskedLayerPlan | MaskedFixedPlan => {
    const inputs = [...block.input.channels];
    const maxIn = Math.max(...inputs);
    const inputRow = block.input.layer === null ? null : rowIndex(`${block.input.layer}.channels`);
    const inSides = sides;
    if (!isMaskLayer(block)) {
      if (block.entry === null && block.op !== 'classifier') {
        throw new Error(`${space.name}: head: the masked supernet supports the 'classifier' head, got '${block.op}'`);
      }
      const plans = inputs.map((c) => {
        const shape = { height: side, width: side, channels: c };
        return block.entry === null ? planHead(shape, space.numClasses, ops).plan : planEntry(block.entry, shape, basicArgs, ops).plan;
      });
      const aligned = alignBlock({
        sizes: { expansion: 1, input: inputs.length, output: 1 },
        planAt: ({ input }) => ({ plan: plans[input]!, inChannels: inputs[input]! }),
        side, primitives, where: `${space.name}: ${block.path}`,
      });
      const outSides = assignSides(aligned, inSides, primitives);
      sides = outSides;
      return { kind: 'fixed', block, maxIn, inputRow, aligned, inSides, outSides };
    }
    const maxOut = Math.max(...block.channels);
    const expansions = block.expansions === null ? [] : [...block.expansions];
    const candidates = block.candidates.map((name) => planCandidate(space, block, name, inputs, expansions, ops, primitives));
    const outSides = candidates.map((candidate) => assignSides(candidate.block, inSides, primitives));
    outSides.forEach((candidateSides, index) => {
      if (candidateSides.some((s, r) => s !== outSides[0]![r])) {
        throw new Error(
          `${space.name}: layer ${block.id}: candidate '${candidates[index]!.name}' gives ${candidateSides[0]}×${candidateSides[0]} maps while ` +
            `'${candidates[0]!.name}' gives ${outSides[0]![0]}×${outSides[0]![0]}: their outputs cannot be mixed`,
        );
      }
    });
    sides = outSides[0]!;
    return {
      kind: 'layer', layer: block, maxIn, maxOut, candidates, inputRow, expansions: expansions.length > 0 ? expansions : [1],
      opRow: rowIndex(`${block.id}.op`), channelsRow: rowIndex(`${block.id}.channels`), expansionRow: rowIndex(`${block.id}.expansion`),
      inSides, outSides: sides,
    };
  });
  return { space, rows, resolutionRow: rowIndex('resolution'), blocks, primitives };
}

/** Aligns one candidate of a layer over its expansion, input width and output width. */
function planCandidate(
  space: MaskSearchSpace, block: MaskLayer, name: string, inputs: number[], expansions: number[], ops: OpSpecRegistry,
  primitives: PlanPrimitiveRegistry,
): MaskedCandidatePlan {
  const where = `${space.name}: layer ${block.id}: candidate '${name}'`;
  const candidate = space.candidates.find((c) => c.name === name)!;
  const hasExpansion = takesExpansion(space, block, name);
  const ratios = hasExpansion ? expansions : [null];
  const maxIn = Math.max(...inputs);
  const maxOut = Math.max(...block.channels);
  const side = space.inputSize;
  // The op's parsed arguments per expansion (they do not depend on the widths).
  const resolved = ratios.map((expansion) => {
    const args: JsonObject = { ...candidate.args, ...(expansion === null ? {} : { expansion }) };
    const entry: BlockEntry = [candidate.op, maxOut, block.stride, 1];
    if (Object.keys(args).length > 0) entry.push(args);
    return resolveEntry(entry, { height: side, width: side, channels: maxIn }, space.definition.basicArgs, ops);
  });
  const spec = resolveOpName(ops, resolved[0]!.op).spec;
  const aligned = alignBlock({
    sizes: { expansion: ratios.length, input: inputs.length, output: block.channels.length },
    planAt: ({ expansion, input, output }) => {
      const plan: LayerPlan = spec.plan({ inChannels: inputs[input]!, outChannels: block.channels[output]!, stride: block.stride, args: resolved[expansion]!.args });
      return { plan, inChannels: inputs[input]! };
    },
    side, primitives, where,
  });
  checkMaskable(aligned.layers, where);
  return { name, op: resolved[0]!.op, hasExpansion, block: aligned };
}

/** Refuses grouped (not depthwise) convolutions and channel shuffles whose widths vary: leading-channel masks cannot cut their groups. */
function checkMaskable(layers: AlignedLayer[], where: string): void {
  for (const layer of layers) {
    const varies = Object.keys(layer.fields).length > 0 || layer.inWidth.deps.length > 0;
    const groups = (layer.widest as unknown as { groups?: number }).groups;
    if (layer.kind === 'conv' && groups !== undefined && groups > 1 && !layer.channelwise && !(groups === layer.widestIn && layer.fields.groups !== undefined) && varies) {
      throw new Error(`${where}: grouped convolutions (and their channel shuffle) cannot be masked by leading channels (layer '${layer.key}')`);
    }
    if (layer.kind === 'channelShuffle' && varies) {
      throw new Error(`${where}: grouped convolutions (and their channel shuffle) cannot be masked by leading channels (layer '${layer.key}')`);
    }
    for (const body of layer.bodies) checkMaskable(body, where);
  }
}

/** Sets every aligned layer's input/output sides per resolution; returns the block's output sides. */
function assignSides(block: AlignedBlock, inSides: number[], primitives: PlanPrimitiveRegistry): number[] {
  const walk = (layers: AlignedLayer[], sides: number[]): number[] => {
    let current = sides;
    for (const layer of layers) {
      layer.inSides = current;
      if (layer.bodies.length > 0) {
        const outputs = layer.bodies.map((body) => walk(body, current));
        // Residual and squeeze-excite keep the side; concat branches agree (checked by the plans), take the first.
        layer.outSides = layer.kind === 'concat' ? outputs[0]! : current;
      } else {
        const primitive = primitives.get(layer.kind);
        layer.outSides = current.map((s) => primitive.outputShape(layer.widest, { height: s, width: s, channels: layer.widestIn }, {
          where: layer.key,
          propagate: (_body, input) => input,
        }).height);
      }
      current = layer.outSides;
    }
    return current;
  };
  return walk(block.layers, inSides);
}
