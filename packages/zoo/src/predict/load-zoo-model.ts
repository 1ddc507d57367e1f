import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { fileSystemIO, registerFbnasLayers } from '@fbnas/ops';
import { builtinModelZoo } from '../builtin-zoo';
import { importCheckpoint } from '../checkpoint/import-checkpoint';
import type { ModelZoo } from '../model-zoo';
import { fbnasHome } from '../pull/fbnas-home';

/** Options of `loadZooModel`. */
export interface LoadZooModelOptions {
  /** A converted tfjs model folder or a reference `.pth` file; default: the pulled copy in the cache. */
  weights?: string;
  /** Cache folder (default `fbnasHome()`). */
  home?: string;
  /** Zoo to resolve the name in (default: built-in). */
  zoo?: ModelZoo;
}

/**
 * Loads a zoo model with weights: from a tfjs folder (`model.json` + shards, integrity-checked), from a
 * reference PyTorch `.pth` (converted on the fly), or from the cache filled by `pullModel`.
 * @throws Error naming the path when the weights are missing or do not fit the architecture.
 */
export async function loadZooModel(name: string, options: LoadZooModelOptions = {}): Promise<LayersModel> {
  const zoo = options.zoo ?? builtinModelZoo();
  const info = zoo.modelInfo(name);
  const weights = options.weights ?? join(options.home ?? fbnasHome(), 'zoo', info.name);
  if (!existsSync(weights)) {
    throw new Error(
      options.weights
        ? `${weights}: no such file or folder`
        : `${info.name} is not in the cache (${weights}); run 'fbnas zoo pull ${info.name}' or pass --weights`,
    );
  }
  if (statSync(weights).isDirectory()) {
    registerFbnasLayers();
    const model = await loadLayersModel(fileSystemIO(weights));
    const expected = [null, info.resolution, info.resolution, 3];
    const actual = model.inputs[0]!.shape;
    if (actual.some((d, i) => d !== expected[i])) {
      model.dispose();
      throw new Error(`${weights}: the model takes input [${actual}], but ${info.name} needs [${expected}]`);
    }
    return model;
  }
  return importCheckpoint({ architecture: zoo.loadArchitecture(info.name), from: weights });
}
