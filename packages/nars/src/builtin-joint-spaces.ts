/**
 * The built-in joint architecture–recipe spaces, embedded as JSON:
 *
 * - `nars-micro-28`: Fashion-MNIST size (28×28×1, resolutions 20/24/28), four searched stages;
 * - `nars-micro-32`: CIFAR-10 size (32×32×3, resolutions 24/28/32), the same stages;
 * - `nars-imagenet`: ImageNet scale, the FBNetV3 zoo's macro-architecture with ranges containing FBNetV3_A … G.
 */
import { createRegistry, type Registry } from '@fbnas/core';
import { parseJointSpace, type JointSpace } from './joint-sample';
import narsImagenet from './spaces/nars-imagenet.json';
import narsMicro28 from './spaces/nars-micro-28.json';
import narsMicro32 from './spaces/nars-micro-32.json';

/** Built-in joint space name → its unvalidated `fbnas.joint-space/v1` JSON. */
export const builtinJointSpaceFiles: Readonly<Record<string, unknown>> = Object.freeze({
  'nars-micro-28': narsMicro28,
  'nars-micro-32': narsMicro32,
  'nars-imagenet': narsImagenet,
});

/**
 * A new registry of the built-in joint spaces (parsed); `.extend([parseJointSpace(json)])` adds your own.
 *
 * @example
 * createBuiltinJointSpaceRegistry().get('nars-micro-28').searched.length; // 28
 */
export function createBuiltinJointSpaceRegistry(): Registry<JointSpace> {
  return createRegistry(Object.values(builtinJointSpaceFiles).map(parseJointSpace), 'joint space');
}

/**
 * A built-in (or registered) joint space by name.
 *
 * @throws Error listing the known names.
 * @example
 * const space = loadJointSpace('nars-micro-28');
 */
export function loadJointSpace(name: string, spaces: Registry<JointSpace> = createBuiltinJointSpaceRegistry()): JointSpace {
  return spaces.get(name);
}
