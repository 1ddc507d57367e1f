/**
 * A sample is one architecture of a space: a plain `{ [layerId]: candidateName }` map (NNI's `{label: choice}`),
 * pure JSON, e.g. `{ "c16_0": "k3_e1", "c24_0": "k5_e6", "c24_1": "skip" }`.
 */
import { childPath, describeValue, expectedError, FormatError, isPlainObject } from '@fbnas/core';
import type { SearchSpace } from './parse-space';

/** Layer id → chosen candidate name, one entry per searchable layer. */
export type ArchitectureSample = Record<string, string>;

/**
 * Checks that `sample` chooses exactly one allowed candidate for every searchable layer of `space`.
 *
 * @param path - JSON path of the sample inside its document, for errors (default: the sample is the root).
 * @throws FormatError naming the layer: `c24_1: expected one of the candidates k3_e1, ..., skip, got "k7"`,
 *   `c24_1: missing layer; ...`, `c99_0: unknown layer; ...`.
 * @example
 * const sample = validateSample(space, JSON.parse(text));
 */
export function validateSample(space: SearchSpace, sample: unknown, path = ''): ArchitectureSample {
  if (!isPlainObject(sample)) {
    throw expectedError(path === '' ? '(root)' : path, 'a sample {"layerId": "candidateName", ...}', sample);
  }
  const ids = space.layers.map((layer) => layer.id);
  for (const key of Object.keys(sample)) {
    if (!ids.includes(key)) {
      throw new FormatError(childPath(path, key), `unknown layer; the layers of space '${space.name}' are ${listed(ids)}`);
    }
  }
  for (const layer of space.layers) {
    const choice = sample[layer.id];
    const layerPath = childPath(path, layer.id);
    if (choice === undefined) {
      throw new FormatError(layerPath, `missing layer; expected one of the candidates ${layer.candidates.join(', ')}`);
    }
    if (typeof choice !== 'string' || !layer.candidates.includes(choice)) {
      throw new FormatError(
        layerPath,
        `expected one of the candidates ${layer.candidates.join(', ')}, got ${describeValue(choice)}`,
      );
    }
  }
  return sample as ArchitectureSample;
}

function listed(ids: readonly string[]): string {
  return ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, ... (${ids.length} layers)` : ids.join(', ');
}
