import { takesExpansion, type MaskSample } from './mask-sample';
import type { MaskSearchSpace } from './parse-mask-space';

/** One searched dimension of a mask space: a row of architecture logits. */
export interface MaskChoiceRow {
  /** `resolution`, `${layer}.op`, `${layer}.channels` or `${layer}.expansion`. */
  id: string;
  /** What it chooses. */
  kind: 'resolution' | 'op' | 'channels' | 'expansion';
  /** The layer id (null for `resolution`). */
  layer: string | null;
  /** The options: candidate names, or numbers (pixels, channels, ratios). */
  options: readonly (string | number)[];
}

/**
 * The searched dimensions of a mask space, in a stable order (resolution, then per layer op, channels,
 * expansion); dimensions with a single option are fixed and have no row.
 *
 * @example
 * maskChoiceRows(space).map((row) => `${row.id}: ${row.options.length}`); // ['resolution: 3', 's1_0.op: 3', ...]
 */
export function maskChoiceRows(space: MaskSearchSpace): MaskChoiceRow[] {
  const rows: MaskChoiceRow[] = [];
  if (space.resolutions.length > 1) rows.push({ id: 'resolution', kind: 'resolution', layer: null, options: [...space.resolutions] });
  for (const layer of space.layers) {
    if (layer.candidates.length > 1) rows.push({ id: `${layer.id}.op`, kind: 'op', layer: layer.id, options: [...layer.candidates] });
    if (layer.channels.length > 1) rows.push({ id: `${layer.id}.channels`, kind: 'channels', layer: layer.id, options: [...layer.channels] });
    const expansions = layer.expansions ?? [];
    if (expansions.length > 1 && layer.candidates.some((c) => takesExpansion(space, layer, c))) {
      rows.push({ id: `${layer.id}.expansion`, kind: 'expansion', layer: layer.id, options: [...expansions] });
    }
  }
  return rows;
}

/**
 * The sample that picks option `indices[row.id]` of every row (default 0 for a missing row, the only option of
 * a fixed dimension); e.g. the argmax of architecture logits.
 *
 * @throws Error when an index is out of range.
 * @example
 * maskSampleFromIndices(space, { resolution: 1, 's1_0.op': 2 });
 */
export function maskSampleFromIndices(space: MaskSearchSpace, indices: Readonly<Record<string, number>>): MaskSample {
  const option = <T>(id: string, options: readonly T[]): T => {
    const index = indices[id] ?? 0;
    if (!Number.isInteger(index) || index < 0 || index >= options.length) {
      throw new Error(`maskSampleFromIndices: ${id}: expected an index in [0, ${options.length - 1}], got ${index}`);
    }
    return options[index]!;
  };
  const sample: MaskSample = { resolution: option('resolution', space.resolutions), layers: {} };
  for (const layer of space.layers) {
    const op = option(`${layer.id}.op`, layer.candidates);
    const channels = option(`${layer.id}.channels`, layer.channels);
    sample.layers[layer.id] = takesExpansion(space, layer, op)
      ? { op, channels, expansion: option(`${layer.id}.expansion`, layer.expansions!) }
      : { op, channels };
  }
  return sample;
}

/**
 * log₁₀ of the number of architectures of a mask space: resolutions × Π over layers of
 * channels × (expansion options per non-skip candidate + skip candidates).
 *
 * @example
 * countMaskArchitectures(space); // 14.2 for 10^14.2 architectures
 */
export function countMaskArchitectures(space: MaskSearchSpace): number {
  let log10 = Math.log10(space.resolutions.length);
  for (const layer of space.layers) {
    const ops = layer.candidates.reduce((total, c) => total + (takesExpansion(space, layer, c) ? layer.expansions!.length : 1), 0);
    log10 += Math.log10(layer.channels.length * ops);
  }
  return log10;
}
