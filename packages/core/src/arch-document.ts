import { ARCH_FORMAT, type ArchDefinition, type BlockEntry, type HeadDefinition } from './arch-definition';
import type { JsonObject } from './json-value';

/** What a search space gives every architecture it derives: input channels, classes, shared block args, head. */
export interface ArchFrame {
  inputChannels?: number;
  numClasses?: number;
  basicArgs?: JsonObject;
  head?: HeadDefinition;
}

/**
 * An `fbnas.arch/v1` document from a space's frame and one derived network (its name, description, input side and
 * stages); the frame's objects are copied, so the document shares nothing with the space.
 *
 * @example
 * archDocument(space.definition, { name: 'mine', inputSize: 28, stages: [[['conv_k3', 16, 2, 1]]] });
 */
export function archDocument(frame: ArchFrame, network: { name: string; description?: string; inputSize: number; stages: BlockEntry[][] }): ArchDefinition {
  return {
    format: ARCH_FORMAT,
    name: network.name,
    ...(network.description === undefined ? {} : { description: network.description }),
    inputSize: network.inputSize,
    ...(frame.inputChannels === undefined ? {} : { inputChannels: frame.inputChannels }),
    ...(frame.numClasses === undefined ? {} : { numClasses: frame.numClasses }),
    ...(frame.basicArgs === undefined ? {} : { basicArgs: structuredClone(frame.basicArgs) }),
    stages: network.stages,
    ...(frame.head === undefined ? {} : { head: structuredClone(frame.head) }),
  };
}
