import { FormatError } from '@fbnas/core';
import type { MaskLayer, MaskSearchSpace } from './parse-mask-space';

/** One searchable layer's choices. */
export interface MaskLayerChoice {
  /** Candidate name. */
  op: string;
  /** Output width (channels), one of the layer's channel options. */
  channels: number;
  /** Expansion ratio, one of the layer's options; present exactly when the layer has expansion options and the op is not `skip`. */
  expansion?: number;
}

/** An architecture of a mask space: the network's input side and every layer's choices. */
export interface MaskSample {
  /** Input side (pixels), one of the space's `resolutions`. */
  resolution: number;
  /** Layer id → its choices. */
  layers: Record<string, MaskLayerChoice>;
}

/** True when a layer's candidate takes the layer's expansion (every candidate but `skip`, when the layer has options). */
export function takesExpansion(space: MaskSearchSpace, layer: MaskLayer, candidate: string): boolean {
  return layer.expansions !== null && space.candidates.find((c) => c.name === candidate)?.op !== 'skip';
}

/**
 * Checks that a sample picks, for the network and every layer of the space, allowed options (and nothing for
 * unknown layers).
 *
 * @throws FormatError naming the offending key and the allowed values, e.g.
 *   `layers.s1_0.channels: expected one of 8, 12, 16, got 20`.
 */
export function validateMaskSample(space: MaskSearchSpace, sample: MaskSample): void {
  if (!space.resolutions.includes(sample.resolution)) {
    throw new FormatError('resolution', `expected one of ${space.resolutions.join(', ')} (pixels), got ${String(sample.resolution)}`);
  }
  for (const id of Object.keys(sample.layers)) {
    if (!space.layers.some((layer) => layer.id === id)) throw new FormatError(`layers.${id}`, `unknown layer of space '${space.name}'`);
  }
  for (const layer of space.layers) {
    const path = `layers.${layer.id}`;
    const choice = sample.layers[layer.id];
    if (choice === undefined) throw new FormatError(path, 'missing: expected {"op", "channels", "expansion"?}');
    if (!layer.candidates.includes(choice.op)) {
      throw new FormatError(`${path}.op`, `expected one of ${layer.candidates.join(', ')}, got ${String(choice.op)}`);
    }
    if (!layer.channels.includes(choice.channels)) {
      throw new FormatError(`${path}.channels`, `expected one of ${layer.channels.join(', ')}, got ${String(choice.channels)}`);
    }
    if (takesExpansion(space, layer, choice.op)) {
      if (!layer.expansions!.includes(choice.expansion as number)) {
        throw new FormatError(`${path}.expansion`, `expected one of ${layer.expansions!.join(', ')}, got ${String(choice.expansion)}`);
      }
    } else if (choice.expansion !== undefined) {
      throw new FormatError(`${path}.expansion`, `expected none for candidate '${choice.op}', got ${choice.expansion}`);
    }
  }
}
