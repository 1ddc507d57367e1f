import { ARCH_FORMAT, type ArchDefinition, type BlockEntry } from '@fbnas/core';
import { validateSample, type ArchitectureSample } from './architecture-sample';
import type { SearchSpace } from './parse-space';
import { isSearchEntry } from './space-definition';

/** Options of `derive`. */
export interface DeriveOptions {
  /** Name of the architecture (default `${space.name}-sample`). */
  name?: string;
}

/**
 * The `fbnas.arch/v1` architecture a sample picks: fixed entries copied as they are, every searchable layer
 * replaced by its chosen candidate as a one-block entry `[op, outChannels, stride, 1, {args}]`. Stages and
 * block indices are the space's, so block paths (`backbone.stages.xif2_0`) are the same for every sample;
 * `basicArgs`, `head`, input size and classes are copied. The description records the space and the choices.
 *
 * @throws FormatError naming the layer when the sample is invalid (see `validateSample`).
 * @example
 * const arch = derive(space, randomSample(space, 0));
 * countArch(arch, createBuiltinOpSpecRegistry()).macs;
 * buildModel(arch); // @fbnas/ops
 */
export function derive(space: SearchSpace, sample: ArchitectureSample, options: DeriveOptions = {}): ArchDefinition {
  validateSample(space, sample);
  const candidates = new Map(space.candidates.map((candidate) => [candidate.name, candidate]));
  const layers = [...space.layers];
  const stages = space.definition.stages.map((stage) =>
    stage.flatMap((entry): BlockEntry[] => {
      if (!isSearchEntry(entry)) return [structuredClone(entry.fixed)];
      return Array.from({ length: entry.repeat }, () => {
        const layer = layers.shift()!;
        const { op, args } = candidates.get(sample[layer.id]!)!;
        const block: BlockEntry = [op, layer.outChannels, layer.stride, 1];
        if (Object.keys(args).length > 0) block.push(structuredClone(args));
        return block;
      });
    }),
  );
  const { definition } = space;
  const choices = space.layers.map((layer) => `${layer.id}=${sample[layer.id]}`).join(' ');
  return {
    format: ARCH_FORMAT,
    name: options.name ?? `${space.name}-sample`,
    description: `Derived from search space '${space.name}': ${choices}`,
    inputSize: definition.inputSize,
    inputChannels: definition.inputChannels,
    numClasses: definition.numClasses,
    ...(definition.basicArgs === undefined ? {} : { basicArgs: structuredClone(definition.basicArgs) }),
    stages,
    ...(definition.head === undefined ? {} : { head: structuredClone(definition.head) }),
  };
}
