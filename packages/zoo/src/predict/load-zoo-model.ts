import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import type { OpSpecRegistry } from '@fbnas/core';
import { fileSystemIO, registerFbnasLayers } from '@fbnas/ops';
import { builtinModelZoo } from '../builtin-zoo';
import { importCheckpoint } from '../checkpoint/import-checkpoint';
import type { ModelZoo } from '../model-zoo';
import { ChecksumStore } from '../pull/checksum-store';
import { fbnasHome } from '../pull/fbnas-home';
import { checkZooCache } from '../pull/zoo-cache';

/** Options of `loadZooModel`. */
export interface LoadZooModelOptions {
  /** A converted tfjs model folder or a reference `.pth` file; default: the pulled copy in the cache. */
  weights?: string;
  /** Cache folder (default `fbnasHome()`). */
  home?: string;
  /** Zoo to resolve the name in (default: built-in). */
  zoo?: ModelZoo;
  /**
   * The op specs the model's architecture uses, for converting a `.pth` (default: the built-ins). A tfjs folder
   * needs none: it holds its layers.
   */
  ops?: OpSpecRegistry;
}

/**
 * Loads a zoo model with weights: from a tfjs folder (`model.json` + shards, integrity-checked), from a
 * reference PyTorch `.pth` (converted on the fly), or from the cache filled by `pullModel`. A cached model must
 * have been converted from the checkpoint `zoo`'s manifest names (its sha256, or its URL when no sha256 is
 * known), so a model pulled from another manifest under the same name is not used by mistake.
 * @throws Error naming the path when the weights are missing or do not fit the architecture, and the reason
 *   when the cached copy is not the one the manifest names.
 * @example
 * const model = await loadZooModel('fbnet_c'); // pulled before with pullModel('fbnet_c')
 */
export async function loadZooModel(name: string, options: LoadZooModelOptions = {}): Promise<LayersModel> {
  const zoo = options.zoo ?? builtinModelZoo();
  const info = zoo.modelInfo(name);
  const home = options.home ?? fbnasHome();
  const weights = options.weights ?? join(home, 'zoo', info.name);
  if (!existsSync(weights)) {
    throw new Error(
      options.weights
        ? `${weights}: no such file or folder`
        : `${info.name} is not in the cache (${weights}); run 'fbnas zoo pull ${info.name}' or pass --weights`,
    );
  }
  if (options.weights === undefined) {
    const cache = await checkZooCache(home, info, new ChecksumStore(join(home, 'zoo', 'checksums.json')), false);
    if (cache.state === 'stale') {
      throw new Error(
        `${info.name} in the cache (${weights}) is not the model the zoo manifest names: ${cache.reason}; ` +
          `run 'fbnas zoo pull ${info.name}' (with the same --manifest) to download it again, or pass --weights`,
      );
    }
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
  return importCheckpoint({ architecture: zoo.loadArchitecture(info.name), from: weights, ops: options.ops });
}
