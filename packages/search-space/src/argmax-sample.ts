import { childPath, expectedError, FormatError, isPlainObject } from '@fbnas/core';
import type { ArchitectureSample } from './architecture-sample';
import type { SearchSpace } from './parse-space';

/**
 * The most likely architecture under per-layer logits (or probabilities): each layer takes the candidate with
 * the largest value, the first one on ties.
 *
 * @param logits - layer id → one finite number per candidate, in the layer's `candidates` order.
 * @throws FormatError naming the layer for a missing or unknown layer, a wrong length or a non-finite value.
 * @example
 * argmaxSample(space, { c16_0: [0.1, 2.3, ...], ... }); // { c16_0: 'k3_e1_g2', ... }
 */
export function argmaxSample(space: SearchSpace, logits: Record<string, readonly number[]>): ArchitectureSample {
  if (!isPlainObject(logits)) throw expectedError('(root)', 'an object {"layerId": [logit, ...], ...}', logits);
  const ids = new Set(space.layers.map((layer) => layer.id));
  for (const key of Object.keys(logits)) {
    if (!ids.has(key)) throw new FormatError(childPath('', key), `unknown layer of space '${space.name}'`);
  }
  const sample: ArchitectureSample = {};
  for (const layer of space.layers) {
    const values = logits[layer.id];
    const path = childPath('', layer.id);
    const expected = `${layer.candidates.length} finite numbers (one per candidate: ${layer.candidates.join(', ')})`;
    if (!Array.isArray(values) || values.length !== layer.candidates.length) throw expectedError(path, expected, values);
    let best = 0;
    values.forEach((value: unknown, index) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw expectedError(`${path}[${index}]`, 'a finite number', value);
      if (value > values[best]!) best = index;
    });
    sample[layer.id] = layer.candidates[best]!;
  }
  return sample;
}
