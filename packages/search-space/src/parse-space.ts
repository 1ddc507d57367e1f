import { FormatError, type JsonObject, type SpatialSize } from '@fbnas/core';
import { isMaskLayer, parseMaskSpace, type MaskFixedBlock, type MaskSearchSpace, type MaskSpaceBlock } from './parse-mask-space';
import type { SpaceDocument } from './validate-space';

/** A named candidate block of a space. */
export interface Candidate {
  /** Candidate name, e.g. `k3_e1_g2`. */
  name: string;
  /** Op name (alias allowed), e.g. `ir_k3_g2`. */
  op: string;
  /** The candidate's own arguments (`{}` when none). */
  args: JsonObject;
}

/** What searchable layers and fixed blocks share: where they sit and their shapes. */
export interface SpaceBlock {
  /** Stage index (null for the head). */
  stage: number | null;
  /** Block index within the stage, counting every layer and repeat (null for the head). */
  index: number | null;
  /** Module path of the block in every derived architecture: `backbone.stages.xif{stage}_{index}` or `head`. */
  path: string;
  /** JSON path of the space entry it comes from, e.g. `stages[2][0]` or `head`. */
  source: string;
  /** Input channels. */
  inChannels: number;
  /** Output channels. */
  outChannels: number;
  /** Stride (pixels). */
  stride: number;
  /** Input spatial size (pixels), ⌈previous size / stride⌉ through the blocks before. */
  inputSize: SpatialSize;
}

/** One searchable layer: one block whose op is chosen among `candidates`. */
export interface SearchableLayer extends SpaceBlock {
  /** Layer id `${group}_${i}`, the key of samples and latency tables. */
  id: string;
  /** Group name. */
  group: string;
  /** Stage index. */
  stage: number;
  /** Block index within the stage. */
  index: number;
  /** Allowed candidate names, in order (the columns of architecture logits). */
  candidates: readonly string[];
}

/** A block present in every derived architecture (stem, last conv, head). */
export interface FixedBlock extends SpaceBlock {
  /** Op name as written (`conv_k3`), or the head op. */
  op: string;
  /** The entry's argument objects merged left to right (the head's `args`). */
  args: JsonObject;
}

/** A parsed search space: the validated definition plus its layers and fixed blocks in network order. */
export interface SearchSpace {
  /** Space name (also its registry key). */
  name: string;
  /** Free text. */
  description: string;
  /** The validated document as written (`fbnas.space/v1`, or `fbnas.mask-space/v1` with one width per group). */
  definition: SpaceDocument;
  /** Side of the square input (pixels). */
  inputSize: number;
  /** Input channels. */
  inputChannels: number;
  /** Classes of the head. */
  numClasses: number;
  /** Every candidate, in definition order. */
  candidates: readonly Candidate[];
  /** Searchable layers in network order. */
  layers: readonly SearchableLayer[];
  /** Fixed blocks in network order, the head last. */
  fixed: readonly FixedBlock[];
  /** The same space as the one parser lays it out (`parseMaskSpace`): what `derive` reads. */
  mask: MaskSearchSpace;
}

/**
 * Parses a DNAS search space: an `fbnas.space/v1` document, or an `fbnas.mask-space/v1` document whose groups have
 * one width option (a DNAS space is a mask space that searches ops only). The document is laid out by the one
 * parser, `parseMaskSpace` (layer ids, block paths, widths, strides, input sizes: a block of stride `s` maps size
 * `H` to `⌈H / s⌉`, the `k // 2`-padded convolutions of every FBNet op; `validateSpaceOps` checks this against the
 * real op plans), and viewed as searchable layers and fixed blocks.
 *
 * @throws FormatError naming the JSON path (see `validateSpaceDocument`), e.g.
 *   `stages[1][0].channels: expected one width option in a DNAS space (it searches ops only), got 3`.
 * @example
 * const space = parseSpace(JSON.parse(text));
 * space.layers[1]; // { id: 'c24_0', path: 'backbone.stages.xif2_0', inChannels: 16, outChannels: 24, stride: 2, ... }
 */
export function parseSpace(value: unknown): SearchSpace {
  const mask = parseMaskSpace(value);
  const definition = value as SpaceDocument;
  if (mask.resolutions.length > 1) throw singleOption('resolutions', 'input resolution', mask.resolutions.length);
  for (const layer of mask.layers) {
    if (layer.channels.length > 1) throw singleOption(`${layer.source}.channels`, 'width', layer.channels.length);
    if ((layer.expansions?.length ?? 1) > 1) throw singleOption(`${layer.source}.expansion`, 'expansion', layer.expansions!.length);
  }
  const block = (from: MaskSpaceBlock, outChannels: number): SpaceBlock => ({
    stage: from.stage,
    index: from.index,
    path: from.path,
    source: from.source,
    inChannels: from.input.channels[0]!,
    outChannels,
    stride: from.stride,
    inputSize: { height: from.input.sides[0]!, width: from.input.sides[0]! },
  });
  return {
    name: mask.name,
    description: mask.description,
    definition,
    inputSize: mask.inputSize,
    inputChannels: mask.inputChannels,
    numClasses: mask.numClasses,
    candidates: mask.candidates,
    layers: mask.layers.map((layer) => ({
      ...block(layer, layer.channels[0]!), stage: layer.stage!, index: layer.index!, id: layer.id, group: layer.group, candidates: layer.candidates,
    })),
    fixed: mask.blocks.filter((b): b is MaskFixedBlock => !isMaskLayer(b)).map((b) => ({ ...block(b, b.outChannels), op: b.op, args: b.args })),
    mask,
  };
}

function singleOption(path: string, what: string, count: number): FormatError {
  return new FormatError(path, `expected one ${what} option in a DNAS space (it searches ops only; search ${what}s with mask-search), got ${count}`);
}
