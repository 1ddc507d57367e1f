import { tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { planPrimitivesOf, type ArchDefinition, type OpSpecRegistry } from '@fbnas/core';
import { buildModel, createBuiltinOpSpecRegistry, fileSystemIO, planArchitecture } from '@fbnas/ops';
import { extractStateDict, readTorchCheckpointFile } from '@fbnas/torch-checkpoint';
import { convertStateDict } from './convert-state-dict';

/** Options of `importCheckpoint`. */
export interface ImportCheckpointOptions {
  /** The architecture the checkpoint was trained with. */
  architecture: ArchDefinition;
  /** Path of the PyTorch `.pth` file (zip or legacy `torch.save` format). */
  from: string;
  /** When given, the converted model is saved there (atomically) as a tfjs artifact. */
  out?: string;
  /** Op specs (default: the built-in registry). */
  ops?: OpSpecRegistry;
  /** The most bytes the checkpoint's tensors may declare (default 2 GiB; `@fbnas/torch-checkpoint`'s limit). */
  maxTensorBytes?: number;
}

/**
 * Imports a reference (mobile-vision layout, spec §9.7) PyTorch checkpoint into a tfjs model: reads the file
 * with the safe unpickler, takes `model_ema` when present and not null, else `state_dict`, strips `module.`,
 * converts layouts, and sets every weight. Nothing is written unless every key matched: a missing, unexpected
 * or mis-shaped key is an error naming it, and `out` is replaced only by a complete model.
 *
 * @example
 * const model = await importCheckpoint({ architecture: loadArchitecture('fbnet_c'), from: 'fbnet_c.pth', out: 'fbnet_c-tfjs' });
 */
export async function importCheckpoint(options: ImportCheckpointOptions): Promise<LayersModel> {
  const root = await readTorchCheckpointFile(options.from, { maxTensorBytes: options.maxTensorBytes });
  const stateDict = extractStateDict(root, { source: options.from });
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const { blocks } = planArchitecture(options.architecture, ops);
  const converted = convertStateDict(stateDict, blocks, options.from, planPrimitivesOf(ops));
  const model = buildModel(options.architecture, { ops });
  const byName = new Map(converted.map((w) => [w.name, w]));
  for (const variable of model.weights) {
    const weight = byName.get(variable.originalName);
    if (!weight) {
      model.dispose();
      throw new Error(`internal: model weight ${variable.originalName} has no converted value`);
    }
    const value = tensor(weight.values, weight.shape);
    variable.write(value);
    value.dispose();
  }
  if (options.out) await model.save(fileSystemIO(options.out));
  return model;
}
