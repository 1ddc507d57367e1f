/**
 * The built-in search spaces, embedded as JSON (bundled by tsup, so the package reads no files at run time):
 *
 * - `fbnet`: the paper's space (224×224×3, 22 searchable layers, 9 candidates, 9²² architectures);
 * - `fbnet-micro-28`: Fashion-MNIST size (28×28×1, 10 classes, 8 searchable layers, 9⁸);
 * - `fbnet-micro-32`: CIFAR size (32×32×3, 10 classes, the same 8 layers).
 */
import { createRegistry, type Registry } from '@fbnas/core';
import { countArchitectures } from './count-architectures';
import { parseSpace, type SearchSpace } from './parse-space';
import fbnet from './spaces/fbnet.json';
import fbnetMicro28 from './spaces/fbnet-micro-28.json';
import fbnetMicro32 from './spaces/fbnet-micro-32.json';

/** Built-in space name → its unvalidated `fbnas.space/v1` JSON (validate with `parseSpace` before use). */
export const builtinSpaceFiles: Readonly<Record<string, unknown>> = Object.freeze({
  fbnet,
  'fbnet-micro-28': fbnetMicro28,
  'fbnet-micro-32': fbnetMicro32,
});

/** A one-line view of a space, for listings. */
export interface SpaceSummary {
  /** Space name. */
  name: string;
  /** Free text. */
  description: string;
  /** Side of the square input (pixels). */
  inputSize: number;
  /** Input channels. */
  inputChannels: number;
  /** Classes of the head. */
  numClasses: number;
  /** Number of searchable layers. */
  layerCount: number;
  /** Number of candidates (all layers together). */
  candidateCount: number;
  /** log₁₀ of the number of architectures. */
  log10Architectures: number;
}

/**
 * A new registry of the built-in spaces (parsed); `.extend([parseSpace(json)])` adds your own.
 *
 * @example
 * const spaces = createBuiltinSpaceRegistry();
 * spaces.get('fbnet-micro-28').layers.length; // 8
 */
export function createBuiltinSpaceRegistry(): Registry<SearchSpace> {
  return createRegistry(Object.values(builtinSpaceFiles).map(parseSpace), 'search space');
}

/**
 * A built-in (or registered) search space by name.
 *
 * @param spaces - where to look (default: the built-in spaces).
 * @throws Error listing the known names: `unknown search space 'x'; known search spaces: fbnet, ...`.
 * @example
 * const space = loadSpace('fbnet-micro-28');
 */
export function loadSpace(name: string, spaces: Registry<SearchSpace> = createBuiltinSpaceRegistry()): SearchSpace {
  return spaces.get(name);
}

/**
 * Summaries of the built-in (or registered) spaces, in registry order.
 *
 * @example
 * listBuiltinSpaces().map((space) => `${space.name}: 10^${space.log10Architectures.toFixed(1)}`);
 */
export function listBuiltinSpaces(spaces: Registry<SearchSpace> = createBuiltinSpaceRegistry()): SpaceSummary[] {
  return spaces.list().map((space) => ({
    name: space.name,
    description: space.description,
    inputSize: space.inputSize,
    inputChannels: space.inputChannels,
    numClasses: space.numClasses,
    layerCount: space.layers.length,
    candidateCount: space.candidates.length,
    log10Architectures: countArchitectures(space).log10,
  }));
}
