import { archDocument, type ArchDefinition, type BlockEntry, type JsonObject } from '@fbnas/core';
import { takesExpansion, validateMaskSample, type MaskSample } from './mask-sample';
import { isMaskLayer, type MaskSearchSpace } from './parse-mask-space';

/** Options of `deriveMask`. */
export interface DeriveMaskOptions {
  /** Name of the architecture (default `${space.name}-sample`). */
  name?: string;
  /** Its description (default: the space's name and `describeMaskSample`). */
  description?: string;
}

/**
 * The `fbnas.arch/v1` architecture a mask-space sample picks (FBNetV2's final step: argmax channels, expansion,
 * resolution and op, then retrain without masks): fixed blocks copied, every searchable layer a one-block entry
 * `[op, channels, stride, 1, {args, expansion}]`, `inputSize` = the chosen resolution. Block paths are the
 * space's (`backbone.stages.xif2_0`) whatever the sample.
 *
 * @throws FormatError naming the layer when the sample is invalid (see `validateMaskSample`).
 * @example
 * const arch = deriveMask(space, randomMaskSample(space, 0));
 * countArch(arch, createBuiltinOpSpecRegistry()).macs;
 */
export function deriveMask(space: MaskSearchSpace, sample: MaskSample, options: DeriveMaskOptions = {}): ArchDefinition {
  validateMaskSample(space, sample);
  const candidates = new Map(space.candidates.map((candidate) => [candidate.name, candidate]));
  const stages: BlockEntry[][] = space.definition.stages.map(() => []);
  for (const block of space.blocks) {
    if (block.stage === null) continue;
    const stage = block.stage;
    if (!isMaskLayer(block)) {
      stages[stage]!.push(structuredClone(block.entry!));
      continue;
    }
    const choice = sample.layers[block.id]!;
    const { op, args } = candidates.get(choice.op)!;
    const merged: JsonObject = { ...structuredClone(args) };
    if (takesExpansion(space, block, choice.op)) merged.expansion = choice.expansion!;
    const entry: BlockEntry = [op, choice.channels, block.stride, 1];
    if (Object.keys(merged).length > 0) entry.push(merged);
    stages[stage]!.push(entry);
  }
  return archDocument(space.definition, {
    name: options.name ?? `${space.name}-sample`, inputSize: sample.resolution, stages,
    description: options.description ?? `Derived from mask search space '${space.name}': ${describeMaskSample(space, sample)}`,
  });
}

/**
 * A one-line description of a sample: `r=21 s1_0=k3/16/e3 s1_1=skip/16 …`.
 *
 * @example
 * describeMaskSample(space, sample); // 'r=28 stem_0=conv3/12 s1_0=k5/16/e2 ...'
 */
export function describeMaskSample(space: MaskSearchSpace, sample: MaskSample): string {
  const layers = space.layers.map((layer) => {
    const choice = sample.layers[layer.id]!;
    return `${layer.id}=${choice.op}/${choice.channels}${choice.expansion === undefined ? '' : `/e${choice.expansion}`}`;
  });
  return [`r=${sample.resolution}`, ...layers].join(' ');
}
