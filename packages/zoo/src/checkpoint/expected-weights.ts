import { builtinPlanPrimitives, walkPlan, type LayerPlan, type PlanLayerBase, type PlanPrimitiveRegistry } from '@fbnas/core';

/** One parameter tensor a built model expects, with its tfjs name, shape and reference checkpoint key. */
export interface ExpectedWeight {
  /** tfjs weight name: `${path}.${layer}/kernel`, `/bias`, `/gamma`, `/beta`, `/moving_mean`, `/moving_variance`. */
  tfjsName: string;
  /** Reference (PyTorch) state-dict key: `${path}.${layer}.weight`, `.bias`, `.running_mean`, `.running_var`. */
  referenceKey: string;
  /** Shape in tfjs layout (HWIO kernels). */
  shape: number[];
  /** How to convert the reference tensor: `oihw` → HWIO transpose; `depthwise` (C,1,kh,kw) → (kh,kw,C,1); `vector` as is. */
  layout: 'oihw' | 'depthwise' | 'vector';
}

/**
 * Lists, in model order, every parameter tensor of the planned blocks with its reference checkpoint key
 * (spec §9.7: `backbone.stages.xif{i}_{j}.pw.conv.weight`, `head.conv.bias`, …) and tfjs shape, as each layer's
 * plan primitive declares them (`parameters`), bodies after their layer.
 *
 * @param primitives - the layer kinds (default the built-ins; `planPrimitivesOf(ops)` for contributed ones).
 * @throws FormatError for a layer kind no primitive interprets (never silently drops its weights).
 */
export function expectedWeights(
  blocks: readonly { path: string; plan: LayerPlan }[],
  primitives: PlanPrimitiveRegistry = builtinPlanPrimitives(),
): ExpectedWeight[] {
  const result: ExpectedWeight[] = [];
  for (const block of blocks) {
    walkPlan(block.plan, primitives, (layer, path) => {
      const parameters = primitives.get(layer.kind).parameters?.(layer) ?? [];
      const name = (layer as PlanLayerBase).name;
      if (parameters.length > 0 && typeof name !== 'string') {
        throw new Error(`${block.path}: ${path}: a '${layer.kind}' layer with parameters needs a name`);
      }
      for (const parameter of parameters) {
        const base = `${block.path}.${name as string}`;
        result.push({
          tfjsName: `${base}/${parameter.suffix}`, referenceKey: `${base}.${parameter.referenceSuffix}`, shape: parameter.shape, layout: parameter.layout,
        });
      }
    });
  }
  return result;
}

/** The tfjs shape of a reference tensor after layout conversion, and the reference shape expected for it. */
export function referenceShape(weight: ExpectedWeight): number[] {
  const [kh, kw, a, b] = weight.shape as [number, number, number, number];
  if (weight.layout === 'oihw') return [b, a, kh, kw];
  if (weight.layout === 'depthwise') return [a * b, 1, kh, kw];
  return weight.shape;
}
