import { channelOptions, DEFAULT_HEAD, type BlockEntry, type HeadDefinition, type JsonObject } from '@fbnas/core';
import { isMaskSearchEntry, MASK_SPACE_FORMAT, type MaskSearchEntry, type MaskSpaceDefinition } from './mask-space-definition';
import type { Candidate } from './parse-space';
import { isSearchEntry } from './space-definition';
import { validateSpaceDocument, type SpaceDocument } from './validate-space';

/** Where a block's input width comes from: a fixed width, or the width chosen by an earlier searchable layer. */
export interface MaskBlockInput {
  /** The searchable layer whose output feeds this block, or null when the input width is fixed. */
  layer: string | null;
  /** The possible input widths (channels), ascending (one value when fixed). */
  channels: readonly number[];
  /** Input side (pixels) for each of the space's `resolutions`, in their order. */
  sides: readonly number[];
}

/** What searchable layers and fixed blocks of a mask space share. */
export interface MaskSpaceBlock {
  /** Stage index (null for the head). */
  stage: number | null;
  /** Block index within the stage, counting every layer and repeat (null for the head). */
  index: number | null;
  /** Module path in every derived architecture: `backbone.stages.xif{stage}_{index}`, or `head`. */
  path: string;
  /** JSON path of the entry it comes from, e.g. `stages[2][0]`. */
  source: string;
  /** Stride (pixels). */
  stride: number;
  /** Its input. */
  input: MaskBlockInput;
}

/** One searchable layer: op, output width and (for `ir`-like candidates) expansion, each chosen. */
export interface MaskLayer extends MaskSpaceBlock {
  /** Layer id `${group}_${i}`. */
  id: string;
  /** Group name. */
  group: string;
  /** Output-width options (channels), ascending. */
  channels: readonly number[];
  /** Expansion options, ascending, given to every candidate except `skip`; null when the entry has none. */
  expansions: readonly number[] | null;
  /** Allowed candidate names, in order. */
  candidates: readonly string[];
}

/** A block present in every derived architecture (a fixed entry's copy, or the head). */
export interface MaskFixedBlock extends MaskSpaceBlock {
  /** Op name as written. */
  op: string;
  /** Output channels. */
  outChannels: number;
  /** The entry's argument objects merged left to right (the head's `args`). */
  args: JsonObject;
  /** The one-copy block entry `[op, outChannels, stride, 1, {args}...]` (null for the head). */
  entry: BlockEntry | null;
}

/** A parsed mask space: the validated definition laid out in network order. */
export interface MaskSearchSpace {
  /** Always `mask`: tells mask spaces from `fbnas.space/v1` spaces. */
  kind: 'mask';
  /** Space name (its registry key). */
  name: string;
  /** Free text. */
  description: string;
  /** The validated document, in the mask format (an `fbnas.space/v1` document's groups get one width option). */
  definition: MaskSpaceDefinition;
  /** Side of the square data input (pixels). */
  inputSize: number;
  /** Input channels. */
  inputChannels: number;
  /** Classes of the head. */
  numClasses: number;
  /** Candidate input sides (pixels), in the document's order. */
  resolutions: readonly number[];
  /** Every candidate, in definition order. */
  candidates: readonly Candidate[];
  /** Fixed blocks and searchable layers in network order (the head last, a fixed block). */
  blocks: readonly (MaskLayer | MaskFixedBlock)[];
  /** The searchable layers, in network order. */
  layers: readonly MaskLayer[];
}

/** True for a searchable layer of a mask space. */
export function isMaskLayer(block: MaskLayer | MaskFixedBlock): block is MaskLayer {
  return 'id' in block;
}

/**
 * Validates a search-space document and lays it out: layer ids, block paths, strides, where each block's input
 * width comes from, and its input side at every candidate resolution (a block of stride `s` maps side `H` to
 * `⌈H / s⌉`, as every FBNet op with `k // 2` padding). This is the one parser of both formats: an
 * `fbnas.space/v1` (DNAS) document is the mask space whose groups have one width option (`parseSpace` views it
 * as DNAS layers).
 *
 * @throws FormatError naming the JSON path (see `validateSpaceDocument`).
 * @example
 * const space = parseMaskSpace(JSON.parse(text));
 * space.layers[0]; // { id: 's1_0', channels: [8, 12, 16], expansions: [1, 2, 3], input: { layer: 'stem_0', ... }, ... }
 */
export function parseMaskSpace(value: unknown): MaskSearchSpace {
  const definition = asMaskDefinition(validateSpaceDocument(value));
  const candidateNames = Object.keys(definition.candidates);
  const resolutions = definition.resolutions ?? [definition.inputSize];
  const blocks: (MaskLayer | MaskFixedBlock)[] = [];
  let input: MaskBlockInput = { layer: null, channels: [definition.inputChannels], sides: resolutions };
  definition.stages.forEach((stage, stageIndex) => {
    let index = 0;
    stage.forEach((entry, entryIndex) => {
      const source = `stages[${stageIndex}][${entryIndex}]`;
      const repeat = isMaskSearchEntry(entry) ? entry.repeat ?? 1 : entry.fixed[3];
      for (let copy = 0; copy < repeat; copy++) {
        const stride = copy === 0 ? (isMaskSearchEntry(entry) ? entry.stride : entry.fixed[2]) : 1;
        const common = { stage: stageIndex, index, path: `backbone.stages.xif${stageIndex}_${index}`, source, stride, input };
        if (isMaskSearchEntry(entry)) {
          const id = `${entry.search}_${copy}`;
          const channels = channelOptions(entry.channels as number[], { name: `${source}.channels` });
          const expansions = entry.expansion ? [...entry.expansion].sort((a, b) => a - b) : null;
          blocks.push({ ...common, id, group: entry.search, channels, expansions, candidates: [...(entry.candidates ?? candidateNames)] });
          input = { layer: id, channels, sides: nextSides(input.sides, stride) };
        } else {
          const [op, outChannels, , , ...argObjects] = entry.fixed;
          const args = Object.assign({}, ...argObjects) as JsonObject;
          const block: BlockEntry = [op, outChannels, stride, 1, ...argObjects.map((a) => structuredClone(a))];
          blocks.push({ ...common, op, outChannels, args, entry: block });
          input = { layer: null, channels: [outChannels], sides: nextSides(input.sides, stride) };
        }
        index += 1;
      }
    });
  });
  blocks.push(headBlock(definition.head ?? DEFAULT_HEAD, definition.numClasses, input));
  return {
    kind: 'mask',
    name: definition.name,
    description: definition.description ?? '',
    definition,
    inputSize: definition.inputSize,
    inputChannels: definition.inputChannels,
    numClasses: definition.numClasses,
    resolutions: [...resolutions],
    candidates: Object.entries(definition.candidates).map(([name, [op, args]]) => ({ name, op, args: args ?? {} })),
    blocks,
    layers: blocks.filter(isMaskLayer),
  };
}

/** The document in the mask format: an `fbnas.space/v1` group's `outChannels` becomes its one width option. */
function asMaskDefinition(document: SpaceDocument): MaskSpaceDefinition {
  if (document.format === MASK_SPACE_FORMAT) return document;
  const stages = document.stages.map((stage) => stage.map((entry) => {
    if (!isSearchEntry(entry)) return entry;
    const { outChannels, ...rest } = entry;
    return { ...rest, channels: [outChannels] } satisfies MaskSearchEntry;
  }));
  return { ...document, format: MASK_SPACE_FORMAT, stages };
}

function nextSides(sides: readonly number[], stride: number): number[] {
  return sides.map((side) => Math.ceil(side / stride));
}

function headBlock(head: HeadDefinition, numClasses: number, input: MaskBlockInput): MaskFixedBlock {
  return { stage: null, index: null, path: 'head', source: 'head', stride: 1, input, op: head.op, outChannels: numClasses, args: head.args ?? {}, entry: null };
}
