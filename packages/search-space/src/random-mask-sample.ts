import { takesExpansion, type MaskSample } from './mask-sample';
import type { MaskSearchSpace } from './parse-mask-space';
import { seededRandom } from './seeded-random';

/**
 * Draws one architecture of a mask space uniformly per dimension: the resolution, then every layer's op,
 * channels and (when the op takes it) expansion, each uniform and independent.
 *
 * @param seed - a seed (same seed, same sample) or a random source of floats in [0, 1) shared by several draws.
 * @example
 * const random = seededRandom(7);
 * const samples = Array.from({ length: 30 }, () => randomMaskSample(space, random));
 */
export function randomMaskSample(space: MaskSearchSpace, seed: number | (() => number)): MaskSample {
  const random = typeof seed === 'number' ? seededRandom(seed) : seed;
  const pick = <T>(options: readonly T[]): T => options[Math.min(Math.floor(random() * options.length), options.length - 1)]!;
  const sample: MaskSample = { resolution: pick(space.resolutions), layers: {} };
  for (const layer of space.layers) {
    const op = pick(layer.candidates);
    const channels = pick(layer.channels);
    sample.layers[layer.id] = takesExpansion(space, layer, op) ? { op, channels, expansion: pick(layer.expansions!) } : { op, channels };
  }
  return sample;
}
