/**
 * The built-in DMaskingNAS (`fbnas.mask-space/v1`) spaces, embedded as JSON:
 *
 * - `fbnetv2`: ImageNet scale, a reconstruction whose options contain every released FBNetV2 F and L model;
 * - `fbnetv2-micro-28`: Fashion-MNIST size (28×28×1, resolutions 28/21/14);
 * - `fbnetv2-micro-32`: CIFAR size (32×32×3, resolutions 32/24/16).
 */
import { createRegistry, type Registry } from '@fbnas/core';
import { countMaskArchitectures } from './mask-choices';
import { parseMaskSpace, type MaskSearchSpace } from './parse-mask-space';
import fbnetv2 from './spaces/fbnetv2.json';
import fbnetv2Micro28 from './spaces/fbnetv2-micro-28.json';
import fbnetv2Micro32 from './spaces/fbnetv2-micro-32.json';

/** Built-in mask space name → its unvalidated JSON (validate with `parseMaskSpace` before use). */
export const builtinMaskSpaceFiles: Readonly<Record<string, unknown>> = Object.freeze({
  fbnetv2,
  'fbnetv2-micro-28': fbnetv2Micro28,
  'fbnetv2-micro-32': fbnetv2Micro32,
});

/**
 * A new registry of the built-in mask spaces (parsed); `.extend([parseMaskSpace(json)])` adds your own.
 *
 * @example
 * createBuiltinMaskSpaceRegistry().get('fbnetv2-micro-28').layers.length; // 7
 */
export function createBuiltinMaskSpaceRegistry(): Registry<MaskSearchSpace> {
  return createRegistry(Object.values(builtinMaskSpaceFiles).map(parseMaskSpace), 'mask search space');
}

/**
 * A built-in (or registered) mask space by name.
 *
 * @throws Error listing the known names.
 * @example
 * const space = loadMaskSpace('fbnetv2-micro-28');
 */
export function loadMaskSpace(name: string, spaces: Registry<MaskSearchSpace> = createBuiltinMaskSpaceRegistry()): MaskSearchSpace {
  return spaces.get(name);
}

/**
 * Summaries of the built-in (or registered) mask spaces: name, description, sizes, layer count, log₁₀ of the
 * number of architectures.
 *
 * @example
 * listBuiltinMaskSpaces().map((s) => `${s.name}: 10^${s.log10Architectures.toFixed(1)}`);
 */
export function listBuiltinMaskSpaces(spaces: Registry<MaskSearchSpace> = createBuiltinMaskSpaceRegistry()) {
  return spaces.list().map((space) => ({
    name: space.name,
    description: space.description,
    inputSize: space.inputSize,
    inputChannels: space.inputChannels,
    numClasses: space.numClasses,
    resolutions: [...space.resolutions],
    layerCount: space.layers.length,
    log10Architectures: countMaskArchitectures(space),
  }));
}
