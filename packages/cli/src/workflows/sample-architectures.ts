import type { ArchitectureSample } from '@fbnas/search-space';
import { deriveSeed } from '@fbnas/core';

/**
 * Draws `count` architectures from the learned distribution P_θ (independent per layer, softmax of θ), as
 * FBNet samples its final candidates; deterministic for a seed.
 */
export function sampleFromProbabilities(
  probabilities: Record<string, Record<string, number>>,
  count: number,
  seed: number,
): ArchitectureSample[] {
  const samples: ArchitectureSample[] = [];
  for (let k = 0; k < count; k++) {
    const sample: ArchitectureSample = {};
    Object.entries(probabilities).forEach(([layer, row], layerIndex) => {
      const u = deriveSeed(seed, k, layerIndex) / 4294967296;
      let cumulative = 0;
      const entries = Object.entries(row);
      sample[layer] = entries[entries.length - 1]![0];
      for (const [name, p] of entries) {
        cumulative += p;
        if (u < cumulative) {
          sample[layer] = name;
          break;
        }
      }
    });
    samples.push(sample);
  }
  return samples;
}
