import { expectedError, validateArch, type ArchDefinition } from '@fbnas/core';
import { validateZooManifest } from './validate-zoo-manifest';
import type { ZooManifest, ZooModel } from './zoo-manifest';

/** A validated set of pretrained models and their architectures. */
export interface ModelZoo {
  /** The manifest. */
  readonly manifest: ZooManifest;
  /** Every model, in manifest order (copies). */
  listModels(): ZooModel[];
  /**
   * A model by name or alias (`FBNet_a` → `fbnet_a`, `FBNetV2_F5` → `FBNetV2_L2`).
   *
   * @throws Error listing the known names when there is none.
   */
  modelInfo(name: string): ZooModel;
  /**
   * A model's `fbnas.arch/v1` architecture (a fresh copy), by name or alias.
   *
   * @throws Error for an unknown name.
   */
  loadArchitecture(name: string): ArchDefinition;
}

/**
 * Creates a model zoo from a manifest and its architecture files, validating both: every model's
 * architecture must exist, be a valid `fbnas.arch/v1` document, and match the model's name and resolution.
 *
 * @param manifestJson - an `fbnas.zoo/v1` document.
 * @param architectureFiles - architecture file name → JSON document.
 * @throws FormatError naming the path of the first problem (`models[3].architecture: ...`).
 * @example
 * const zoo = createModelZoo(manifest, { 'tiny.json': tinyArch });
 * zoo.loadArchitecture('tiny');
 */
export function createModelZoo(manifestJson: unknown, architectureFiles: Readonly<Record<string, unknown>>): ModelZoo {
  const manifest = validateZooManifest(manifestJson);
  const architectures = new Map<string, ArchDefinition>();
  manifest.models.forEach((model, index) => {
    const path = `models[${index}].architecture`;
    if (!Object.hasOwn(architectureFiles, model.architecture)) {
      const files = Object.keys(architectureFiles).join(', ');
      throw expectedError(path, `one of the architecture files (${files})`, model.architecture);
    }
    let arch: ArchDefinition;
    try {
      arch = validateArch(architectureFiles[model.architecture]);
    } catch (error) {
      throw new Error(`${path} (${model.architecture}): ${(error as Error).message}`, { cause: error });
    }
    const archPath = `${path} (${model.architecture})`;
    if (arch.name !== model.name) throw expectedError(`${archPath}.name`, JSON.stringify(model.name), arch.name);
    if (arch.inputSize !== model.resolution) {
      throw expectedError(`${archPath}.inputSize`, `the model's resolution ${model.resolution}`, arch.inputSize);
    }
    architectures.set(model.name, arch);
  });
  const byName = new Map<string, ZooModel>();
  for (const model of manifest.models) for (const name of [model.name, ...model.aliases]) byName.set(name, model);

  const find = (name: string): ZooModel => {
    const model = byName.get(name);
    if (model === undefined) {
      const known = manifest.models.map((entry) => [entry.name, ...entry.aliases].join(' | '));
      throw new Error(`unknown model '${name}'; known models: ${known.join(', ')}`);
    }
    return model;
  };
  return Object.freeze({
    manifest,
    listModels: () => manifest.models.map((model) => structuredClone(model)),
    modelInfo: (name: string) => structuredClone(find(name)),
    loadArchitecture: (name: string) => structuredClone(architectures.get(find(name).name)!),
  });
}
