import type { ArchDefinition } from '@fbnas/core';
import { builtinArchitectureFiles } from './architectures';
import manifestJson from './manifest.json';
import { createModelZoo, type ModelZoo } from './model-zoo';
import type { ZooModel } from './zoo-manifest';

let builtin: ModelZoo | undefined;

/**
 * The zoo of the sixteen reference FBNet / FBNetV2 / FBNetV3 models (validated on first use, then cached).
 *
 * @example
 * builtinModelZoo().modelInfo('FBNetV2_F5').name; // 'FBNetV2_L2'
 */
export function builtinModelZoo(): ModelZoo {
  builtin ??= createModelZoo(manifestJson, builtinArchitectureFiles);
  return builtin;
}

/**
 * The sixteen reference models: `fbnet_a`, `fbnet_b`, `fbnet_c`, `FBNetV2_F1`…`F4`, `FBNetV2_L1`, `FBNetV2_L2`, `FBNetV3_A`…`G`.
 *
 * @example
 * listModels().map((model) => model.name);
 */
export function listModels(): ZooModel[] {
  return builtinModelZoo().listModels();
}

/**
 * A reference model by name or alias (`FBNet_a`, `FBNetV2_F5`), with its published MACs and weights, top-1,
 * evaluation resize and checkpoint URL.
 *
 * @throws Error listing the known names when there is none.
 * @example
 * modelInfo('fbnet_a').published.macsMillions; // 244.52636
 */
export function modelInfo(name: string): ZooModel {
  return builtinModelZoo().modelInfo(name);
}

/**
 * A reference model's `fbnas.arch/v1` architecture (a fresh copy).
 *
 * @throws Error for an unknown name.
 * @example
 * countArch(loadArchitecture('fbnet_a'), createBuiltinOpSpecRegistry()).macs; // 244526360
 */
export function loadArchitecture(name: string): ArchDefinition {
  return builtinModelZoo().loadArchitecture(name);
}
