import { countArch, FormatError, isPlainObject, type ArchDefinition, type OpSpecRegistry } from '@fbnas/core';
import type { LatencyMedians } from './latency-medians';
import { ReportInputError } from './report-input-error';

/** One block of an architecture, in network order, with what is known of its cost. */
export interface ArchitectureBlock {
  /** 0-based position in the network (the head last). */
  index: number;
  /** `xif{stage}_{index}` or `head`. */
  name: string;
  /** Module path: `backbone.stages.xif2_0` or `head` (the keys of latency tables' fixed blocks). */
  path: string;
  /** The searchable layer of the space the block was derived from (`c24_0`, `s2_1`), when known. */
  layerId?: string;
  /** What the block is, in words: the chosen candidate, or the op with its width and stride (`ir_k3 e3, 24 ch, s2`). */
  label: string;
  /** Latency of the block from the run's latency table (µs per forward pass of the table's batch). */
  latencyUs?: number;
  /** Multiply-accumulates per image (MACs), when an op registry was given. */
  macs?: number;
}

/** What `architectureBlocks` can use besides the architecture. */
export interface ArchitectureBlocksOptions {
  /** The space the architecture was derived from (`fbnas.space/v1` or `fbnas.mask-space/v1` JSON): names the layers. */
  space?: unknown;
  /** Layer id → chosen candidate (the run's argmax), to look the latency up and label the block. */
  sample?: Record<string, string>;
  /** The run's latency table. */
  latency?: LatencyMedians;
  /** Op specs to count each block's MACs with (`createBuiltinOpSpecRegistry()` of `@fbnas/ops/specs`). */
  ops?: OpSpecRegistry;
  /** The file the architecture came from, for errors. */
  file?: string;
}

/**
 * The blocks of an architecture, in order, labelled and with their latency (from a latency table) and MACs (from
 * op specs) where those are given.
 *
 * @throws ReportInputError naming `options.file` when the op specs cannot count the architecture.
 * @example
 * architectureBlocks(arch, { ops: createBuiltinOpSpecRegistry() })[1]; // { name: 'xif1_0', label: 'ir_k3 e1, 16 ch, s1', macs: 56448, … }
 */
export function architectureBlocks(arch: ArchDefinition, options: ArchitectureBlocksOptions = {}): ArchitectureBlock[] {
  const layerIds = searchableLayerIds(options.space);
  const macs = options.ops ? countBlocks(arch, options.ops, options.file ?? arch.name) : undefined;
  const blocks: ArchitectureBlock[] = [];
  arch.stages.forEach((stage, stageIndex) => {
    let index = 0;
    for (const [op, outChannels, stride, repeat, ...argObjects] of stage) {
      const args = Object.assign({}, ...argObjects) as Record<string, unknown>;
      for (let copy = 0; copy < repeat; copy += 1) {
        const name = `xif${stageIndex}_${index}`;
        const path = `backbone.stages.${name}`;
        const layerId = layerIds.get(path);
        const candidate = layerId !== undefined ? options.sample?.[layerId] : undefined;
        const words = [op, typeof args.expansion === 'number' ? `e${args.expansion}` : ''].filter(Boolean).join(' ');
        const block: ArchitectureBlock = {
          index: blocks.length, name, path,
          label: `${candidate ?? words}, ${outChannels} ch, s${copy === 0 ? stride : 1}`,
        };
        if (layerId !== undefined) block.layerId = layerId;
        addCosts(block, candidate, options.latency, macs);
        blocks.push(block);
        index += 1;
      }
    }
  });
  const head: ArchitectureBlock = { index: blocks.length, name: 'head', path: 'head', label: `${arch.head?.op ?? 'classifier'}, ${arch.numClasses ?? 1000} classes` };
  addCosts(head, undefined, options.latency, macs);
  blocks.push(head);
  return blocks;
}

function addCosts(block: ArchitectureBlock, candidate: string | undefined, latency: LatencyMedians | undefined, macs: Map<string, number> | undefined): void {
  if (latency?.unit === 'us') {
    const value = block.layerId !== undefined && candidate !== undefined ? latency.layers[block.layerId]?.[candidate] : latency.fixed[block.path];
    if (value !== undefined) block.latencyUs = value;
  }
  const counted = macs?.get(block.path);
  if (counted !== undefined) block.macs = counted;
}

function countBlocks(arch: ArchDefinition, ops: OpSpecRegistry, file: string): Map<string, number> {
  try {
    return new Map(countArch(arch, ops).blocks.map((block) => [block.path, block.macs]));
  } catch (error) {
    if (error instanceof FormatError) throw new ReportInputError(file, error.path, error.detail);
    throw error;
  }
}

/**
 * Module path → searchable layer id for a space document: stage i's searched group `c24` with `repeat` 2 gives
 * `xif{i}_{k}` → `c24_0`, `c24_1` (block indices count every entry of the stage, as `unify` names them).
 * Anything not shaped like a space gives an empty map.
 */
export function searchableLayerIds(space: unknown): Map<string, string> {
  const ids = new Map<string, string>();
  if (!isPlainObject(space) || !Array.isArray(space.stages)) return ids;
  space.stages.forEach((stage: unknown, stageIndex) => {
    if (!Array.isArray(stage)) return;
    let index = 0;
    for (const entry of stage) {
      if (!isPlainObject(entry)) continue;
      if (typeof entry.search === 'string') {
        const repeat = typeof entry.repeat === 'number' ? entry.repeat : 1;
        for (let copy = 0; copy < repeat; copy += 1) ids.set(`backbone.stages.xif${stageIndex}_${index++}`, `${entry.search}_${copy}`);
      } else if (Array.isArray(entry.fixed)) {
        index += typeof entry.fixed[3] === 'number' ? entry.fixed[3] : 1;
      }
    }
  });
  return ids;
}
