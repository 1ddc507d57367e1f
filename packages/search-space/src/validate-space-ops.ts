import { FormatError, planUnifiedArch, unify, type OpSpecRegistry } from '@fbnas/core';
import type { ArchitectureSample } from './architecture-sample';
import { derive } from './derive';
import type { SearchSpace, SpaceBlock } from './parse-space';
import { isSearchEntry } from './space-definition';

/**
 * Checks a space against an op registry: every candidate and fixed block resolves to an op, takes its
 * arguments (with `basicArgs`), plans at its layer's shape, produces the layer's width, and sees the input
 * size `parseSpace` computed. It unifies and plans one probe architecture per candidate, each layer taking
 * that candidate when allowed (its first candidate otherwise).
 *
 * @param ops - the op registry, e.g. `createBuiltinOpSpecRegistry()` from `@fbnas/ops/specs`.
 * @throws FormatError located in the space: `candidates.k3_e6 (layer c24_0): <core's message>` or
 *   `stages[0][0] (fixed block): <core's message>`.
 * @example
 * validateSpaceOps(loadSpace('fbnet'), createBuiltinOpSpecRegistry());
 */
export function validateSpaceOps(space: SearchSpace, ops: OpSpecRegistry): void {
  const blocks = new Map<string, SpaceBlock>([...space.fixed, ...space.layers].map((block) => [block.path, block]));
  for (const candidate of space.candidates) {
    const sample: ArchitectureSample = {};
    for (const layer of space.layers) {
      sample[layer.id] = layer.candidates.includes(candidate.name) ? candidate.name : layer.candidates[0]!;
    }
    try {
      const planned = planUnifiedArch(unify(derive(space, sample), ops), ops);
      for (const { block, inShape } of planned) {
        const expected = blocks.get(block.path)!.inputSize;
        if (inShape.height !== expected.height || inShape.width !== expected.width) {
          throw new FormatError(
            block.path,
            `expected an input of ${expected.height}x${expected.width} pixels (a block of stride s maps H to ⌈H / s⌉), ` +
              `got ${inShape.height}x${inShape.width}: a block before it changes the size another way`,
          );
        }
      }
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      const where = locate(space, sample, error.path);
      throw where === null ? error : new FormatError(where, error.message);
    }
  }
}

/** Maps a path in a derived architecture (`stages[2][1][4].kernel`, `backbone.stages.xif2_1 (...)`) to the space. */
function locate(space: SearchSpace, sample: ArchitectureSample, path: string): string | null {
  const entries = new Map<string, string>();
  const layers = [...space.layers];
  space.definition.stages.forEach((stage, stageIndex) => {
    let derivedIndex = 0;
    stage.forEach((entry, entryIndex) => {
      const count = isSearchEntry(entry) ? entry.repeat : 1;
      for (let copy = 0; copy < count; copy++) {
        const layer = isSearchEntry(entry) ? layers.shift()! : null;
        const where = layer === null
          ? `stages[${stageIndex}][${entryIndex}] (fixed block)`
          : `candidates.${sample[layer.id]} (layer ${layer.id})`;
        entries.set(`stages[${stageIndex}][${derivedIndex}]`, where);
        derivedIndex += 1;
      }
    });
  });
  for (const layer of space.layers) entries.set(layer.path, `candidates.${sample[layer.id]} (layer ${layer.id})`);
  for (const block of space.fixed) entries.set(block.path, `${block.source} (fixed block)`);
  const entryPath = /stages\[\d+\]\[\d+\]/.exec(path)?.[0];
  if (entryPath !== undefined && entries.has(entryPath)) return entries.get(entryPath)!;
  const blockPath = /backbone\.stages\.xif\d+_\d+|^head\b/.exec(path)?.[0];
  if (blockPath !== undefined && entries.has(blockPath)) return entries.get(blockPath)!;
  return null;
}
