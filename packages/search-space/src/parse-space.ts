import { DEFAULT_HEAD, type HeadDefinition, type JsonObject, type SpatialSize } from '@fbnas/core';
import { isSearchEntry, type SpaceDefinition } from './space-definition';
import { validateSpace } from './validate-space';

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
  /** Input spatial size (pixels), ⌈previous size / stride⌉ through the blocks before (see `parseSpace`). */
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
  /** The validated `fbnas.space/v1` document. */
  definition: SpaceDefinition;
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
}

/**
 * Validates an `fbnas.space/v1` document and lays it out: layer ids, block paths, widths, strides and input
 * sizes. Spatial sizes follow the `k // 2`-padded convolutions of every FBNet op: a block of stride `s` maps
 * size `H` to `⌈H / s⌉` (`validateSpaceOps` checks this against the real op plans).
 *
 * @throws FormatError naming the JSON path (see `validateSpace`).
 * @example
 * const space = parseSpace(JSON.parse(text));
 * space.layers[1]; // { id: 'c24_0', path: 'backbone.stages.xif2_0', inChannels: 16, outChannels: 24, stride: 2, ... }
 */
export function parseSpace(value: unknown): SearchSpace {
  const definition = validateSpace(value);
  const candidateNames = Object.keys(definition.candidates);
  const layers: SearchableLayer[] = [];
  const fixed: FixedBlock[] = [];
  let channels = definition.inputChannels;
  let size = definition.inputSize;
  definition.stages.forEach((stage, stageIndex) => {
    let index = 0;
    stage.forEach((entry, entryIndex) => {
      const source = `stages[${stageIndex}][${entryIndex}]`;
      const [outChannels, stride, repeat] = isSearchEntry(entry)
        ? [entry.outChannels, entry.stride, entry.repeat]
        : [entry.fixed[1], entry.fixed[2], entry.fixed[3]];
      for (let copy = 0; copy < repeat; copy++) {
        const block: SpaceBlock = {
          stage: stageIndex,
          index,
          path: `backbone.stages.xif${stageIndex}_${index}`,
          source,
          inChannels: channels,
          outChannels,
          stride: copy === 0 ? stride : 1,
          inputSize: { height: size, width: size },
        };
        if (isSearchEntry(entry)) {
          const allowed = entry.candidates ?? candidateNames;
          layers.push({ ...block, stage: stageIndex, index, id: `${entry.search}_${copy}`, group: entry.search, candidates: [...allowed] });
        } else {
          const [op, , , , ...argObjects] = entry.fixed;
          fixed.push({ ...block, op, args: Object.assign({}, ...argObjects) as JsonObject });
        }
        channels = outChannels;
        size = Math.ceil(size / block.stride);
        index += 1;
      }
    });
  });
  fixed.push(headBlock(definition.head ?? DEFAULT_HEAD, channels, definition.numClasses, size));
  return {
    name: definition.name,
    description: definition.description ?? '',
    definition,
    inputSize: definition.inputSize,
    inputChannels: definition.inputChannels,
    numClasses: definition.numClasses,
    candidates: Object.entries(definition.candidates).map(([name, [op, args]]) => ({ name, op, args: args ?? {} })),
    layers,
    fixed,
  };
}

function headBlock(head: HeadDefinition, inChannels: number, numClasses: number, size: number): FixedBlock {
  return {
    stage: null,
    index: null,
    path: 'head',
    source: 'head',
    inChannels,
    outChannels: numClasses,
    stride: 1,
    inputSize: { height: size, width: size },
    op: head.op,
    args: head.args ?? {},
  };
}
