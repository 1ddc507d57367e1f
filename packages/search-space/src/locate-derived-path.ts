import type { ArchitectureSample } from './architecture-sample';
import type { SearchSpace } from './parse-space';

/**
 * Maps a path in an architecture derived from `space` (`stages[2][1][4].kernel`, `backbone.stages.xif2_1 (...)`,
 * `head.args`) back to the space: `candidates.k5_e3 (layer c24_1)` for a searchable layer, `stages[0][0] (fixed
 * block)` or `head (fixed block)` for a fixed one; null when the path names neither (e.g. `basicArgs.bias`).
 */
export function locateDerivedPath(space: SearchSpace, sample: ArchitectureSample, path: string): string | null {
  const places = new Map<string, string>();
  const blocks = [
    ...space.layers.map((layer) => ({ block: layer, place: `candidates.${sample[layer.id]} (layer ${layer.id})` })),
    ...space.fixed.map((block) => ({ block, place: `${block.source} (fixed block)` })),
  ];
  // `derive` writes one entry per block: entry `stages[s][i]` is block `backbone.stages.xif{s}_{i}`.
  for (const { block, place } of blocks) {
    if (block.stage !== null) places.set(`stages[${block.stage}][${block.index}]`, place);
    places.set(block.path, place);
  }
  const entryPath = /stages\[\d+\]\[\d+\]/.exec(path)?.[0];
  if (entryPath !== undefined && places.has(entryPath)) return places.get(entryPath)!;
  const blockPath = /backbone\.stages\.xif\d+_\d+|^head\b/.exec(path)?.[0];
  if (blockPath !== undefined && places.has(blockPath)) return places.get(blockPath)!;
  return null;
}
