import { input, model, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { builtinPlanPrimitives, primitiveFor, type LayerPlan, type PlanPrimitiveRegistry } from '@fbnas/core';
import { BUILTIN_BUILDERS } from './builtin-builders';
import type { PrimitiveBuild, PrimitiveBuildContext } from './primitive-build';
import { registerFbnasLayers } from './register-fbnas-layers';

/** One block to build: where its parameters live (`backbone.stages.xif0_0`, `head`) and its layer plan. */
export interface BuildableBlock {
  path: string;
  plan: LayerPlan;
}

/** Options of `buildPlanModel`. */
export interface BuildPlanModelOptions {
  /** Model name (default `fbnas`). */
  name?: string;
  /** Base seed of the weight initializers; layer i uses seed + i (default 0). */
  seed?: number;
  /** The layer kinds (default the built-ins; `planPrimitivesOf(ops)` when ops bring their own). */
  primitives?: PlanPrimitiveRegistry;
  /**
   * Stochastic depth: the drop-path rate of the last block; block i of n drops its residual branches per example
   * with rate `stochasticDepth · (i + 1) / n` in training (linear in depth, as EfficientNet). Default 0 (no
   * drop-path layers are built).
   */
  stochasticDepth?: number;
}

/**
 * Builds a tfjs `LayersModel` from planned blocks: input `[null, height, width, channels]`, each plan's layers
 * applied in order, each by its plan primitive's builder (the built-in kinds' here, a contributed kind's own
 * `build`). Layers with parameters are named `${path}.${layer.name}` (their weights `${path}.${layer.name}/kernel`,
 * `/bias`, `/gamma`, `/beta`, `/moving_mean`, `/moving_variance`), so names are stable across builds and map
 * one-to-one onto reference checkpoint keys.
 *
 * @throws FormatError for an unknown layer kind (listing the known ones); Error for a contributed kind without `build`.
 */
export function buildPlanModel(
  blocks: readonly BuildableBlock[],
  inputShape: { height: number; width: number; channels: number },
  options: BuildPlanModelOptions = {},
): LayersModel {
  registerFbnasLayers();
  const primitives = options.primitives ?? builtinPlanPrimitives();
  let seed = options.seed ?? 0;
  const inputTensor = input({ shape: [inputShape.height, inputShape.width, inputShape.channels], name: 'input' });
  let x: SymbolicTensor = inputTensor;
  const stochasticDepth = options.stochasticDepth ?? 0;
  if (!(stochasticDepth >= 0 && stochasticDepth < 1)) throw new Error(`buildPlanModel: options.stochasticDepth: expected a rate in [0, 1), got ${stochasticDepth}`);
  for (const [blockIndex, block] of blocks.entries()) {
    let counter = 0;
    const dropPathRate = (stochasticDepth * (blockIndex + 1)) / blocks.length;
    const apply = (plan: LayerPlan, tensor: SymbolicTensor, path: string): SymbolicTensor =>
      plan.reduce((t, layer, index) => {
        const layerPath = `${block.path}: ${path}[${index}]`;
        const primitive = primitiveFor(layer, primitives, layerPath);
        const build = (BUILTIN_BUILDERS[layer.kind] ?? primitive.build) as PrimitiveBuild<typeof layer> | undefined;
        if (build === undefined) {
          throw new Error(`${layerPath}: plan primitive '${layer.kind}' has no tfjs builder: give it a \`build\` (see definePrimitive)`);
        }
        const context: PrimitiveBuildContext = {
          blockPath: block.path,
          anonymousName: (kind) => `${block.path}.${kind}${counter++}`,
          nextSeed: () => seed++,
          dropPathRate,
          apply: (body, bodyInput) => apply(body, bodyInput, `${path}[${index}].body`),
        };
        return build(layer, t, context);
      }, tensor);
    x = apply(block.plan, x, 'layers');
  }
  return model({ inputs: inputTensor, outputs: x, name: options.name ?? 'fbnas' });
}
