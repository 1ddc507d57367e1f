import type { ArchDefinition } from '@fbnas/core';
import { validateSample, type ArchitectureSample } from './architecture-sample';
import { deriveMask } from './derive-mask';
import { maskSampleFromIndices } from './mask-choices';
import type { SearchSpace } from './parse-space';

/** Options of `derive`. */
export interface DeriveOptions {
  /** Name of the architecture (default `${space.name}-sample`). */
  name?: string;
}

/**
 * The `fbnas.arch/v1` architecture a sample picks, derived by the one derivation (`deriveMask` on the space's
 * mask layout, every width at its one option): one entry per block, fixed blocks copied (a repeated fixed entry
 * as its one-copy blocks), every searchable layer its chosen candidate `[op, outChannels, stride, 1, {args}]`.
 * Stages and block indices are the space's, so block paths (`backbone.stages.xif2_0`) are the same for every
 * sample; `basicArgs`, `head`, input size and classes are copied. The description records the space and the
 * choices.
 *
 * @throws FormatError naming the layer when the sample is invalid (see `validateSample`).
 * @example
 * const arch = derive(space, randomSample(space, 0));
 * countArch(arch, createBuiltinOpSpecRegistry()).macs;
 * buildModel(arch); // @fbnas/ops
 */
export function derive(space: SearchSpace, sample: ArchitectureSample, options: DeriveOptions = {}): ArchDefinition {
  validateSample(space, sample);
  const indices = Object.fromEntries(space.layers.map((layer) => [`${layer.id}.op`, layer.candidates.indexOf(sample[layer.id]!)]));
  const choices = space.layers.map((layer) => `${layer.id}=${sample[layer.id]}`).join(' ');
  return deriveMask(space.mask, maskSampleFromIndices(space.mask, indices), {
    name: options.name ?? `${space.name}-sample`,
    description: `Derived from search space '${space.name}': ${choices}`,
  });
}
