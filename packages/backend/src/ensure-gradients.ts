import { getGradient } from '@tensorflow/tfjs-core';

/** Loads an ES module by name; injectable for tests. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** The default importer: Node's dynamic `import()`. */
export const defaultImporter: ModuleImporter = (specifier) => import(specifier);

/**
 * Makes sure tfjs's gradient functions are registered. tfjs-core's Node bundle registers none; the Node bundle
 * of `@tensorflow/tfjs-layers` (a peer dependency) registers them when it is first imported.
 * @throws Error explaining the missing peer when `@tensorflow/tfjs-layers` cannot be loaded.
 */
export async function ensureGradients(importModule: ModuleImporter = defaultImporter): Promise<void> {
  if (getGradient('Conv2D') !== undefined) return;
  try {
    await importModule('@tensorflow/tfjs-layers');
  } catch (error) {
    throw new Error(
      `@fbnas/backend: training needs tfjs's gradients, which '@tensorflow/tfjs-layers' registers; ` +
        `install it (pnpm add @tensorflow/tfjs-layers@4.22.0). Loading it failed: ${(error as Error).message}`,
    );
  }
  if (getGradient('Conv2D') === undefined) {
    throw new Error('@fbnas/backend: @tensorflow/tfjs-layers loaded but registered no gradients (two copies of tfjs-core?)');
  }
}
