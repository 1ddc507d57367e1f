import type { ArchitectureSample } from './architecture-sample';
import type { SearchSpace } from './parse-space';
import { isSearchEntry } from './space-definition';

/**
 * Maps a path in an architecture derived from `space` (`stages[2][1][4].kernel`, `backbone.stages.xif2_1 (...)`,
 * `head.args`) back to the space: `candidates.k5_e3 (layer c24_1)` for a searchable layer, `stages[0][0] (fixed
 * block)` or `head (fixed block)` for a fixed one; null when the path names neither (e.g. `basicArgs.bias`).
 */
export function locateDerivedPath(space: SearchSpace, sample: ArchitectureSample, path: string): string | null {
  const places = new Map<string, string>();
  const layers = [...space.layers];
  space.definition.stages.forEach((stage, stageIndex) => {
    let derivedIndex = 0;
    stage.forEach((entry, entryIndex) => {
      const count = isSearchEntry(entry) ? entry.repeat : 1;
      for (let copy = 0; copy < count; copy++) {
        const layer = isSearchEntry(entry) ? layers.shift()! : null;
        const place = layer === null
          ? `stages[${stageIndex}][${entryIndex}] (fixed block)`
          : `candidates.${sample[layer.id]} (layer ${layer.id})`;
        places.set(`stages[${stageIndex}][${derivedIndex}]`, place);
        derivedIndex += 1;
      }
    });
  });
  for (const layer of space.layers) places.set(layer.path, `candidates.${sample[layer.id]} (layer ${layer.id})`);
  for (const block of space.fixed) places.set(block.path, `${block.source} (fixed block)`);
  const entryPath = /stages\[\d+\]\[\d+\]/.exec(path)?.[0];
  if (entryPath !== undefined && places.has(entryPath)) return places.get(entryPath)!;
  const blockPath = /backbone\.stages\.xif\d+_\d+|^head\b/.exec(path)?.[0];
  if (blockPath !== undefined && places.has(blockPath)) return places.get(blockPath)!;
  return null;
}
