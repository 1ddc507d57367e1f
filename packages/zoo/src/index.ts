export { builtinModelZoo, listModels, loadArchitecture, modelInfo } from './builtin-zoo';
export { createModelZoo } from './model-zoo';
export type { ModelZoo } from './model-zoo';
export { builtinArchitectureFiles } from './architectures';
export { validateZooManifest } from './validate-zoo-manifest';
export { ZOO_FORMAT } from './zoo-manifest';
export type { CheckpointInfo, PublishedFigures, ZooManifest, ZooModel } from './zoo-manifest';
