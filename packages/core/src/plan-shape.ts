import type { FeatureShape } from './feature-shape';
import type { LayerPlan, PlanLayer } from './layer-plan';
import { builtinPlanPrimitives, primitiveFor, type PlanPrimitiveRegistry } from './plan-primitives';

/**
 * Propagates a shape through a layer plan (pure) and checks the plan on the way, each layer by its plan
 * primitive: channel counts must chain, groups must divide channels, residual bodies must keep the shape,
 * squeeze-excite bodies must end in a 1×1 map of the input's channels, concat branches must agree in size. A
 * convolution's output is `floor((H + 2·(k//2) − k)/s) + 1` (symmetric padding); global average pooling gives
 * 1×1; flatten needs a 1×1 map and keeps it (reported as `{ height: 1, width: 1, channels: C }`).
 *
 * @param inputShape - the block input (NHWC without the batch axis).
 * @param primitives - the layer kinds (default the built-ins; `planPrimitivesOf(ops)` for contributed ones).
 * @throws FormatError naming the layer, e.g. `layers[2] (dw.conv): expected 48 input channels, got 24`, or an
 *   unknown kind with the known ones.
 * @example
 * planOutputShape([{ kind: 'conv', name: 'conv', inChannels: 3, outChannels: 16, kernel: 3, stride: 2, groups: 1,
 *   bias: true }], { height: 224, width: 224, channels: 3 }); // { height: 112, width: 112, channels: 16 }
 */
export function planOutputShape(plan: LayerPlan, inputShape: FeatureShape, primitives: PlanPrimitiveRegistry = builtinPlanPrimitives()): FeatureShape {
  return propagate(plan, inputShape, 'layers', primitives);
}

/**
 * The output shape of one layer (pure); `path` is used in errors. Nested bodies are propagated recursively.
 *
 * @throws FormatError as `planOutputShape`.
 */
export function layerOutputShape(
  layer: PlanLayer,
  shape: FeatureShape,
  path: string,
  primitives: PlanPrimitiveRegistry = builtinPlanPrimitives(),
): FeatureShape {
  const primitive = primitiveFor(layer, primitives, path);
  const name = (layer as { name?: unknown }).name;
  const where = typeof name === 'string' ? `${path} (${name})` : `${path} (${layer.kind})`;
  return primitive.outputShape(layer, shape, {
    where,
    propagate: (body, input, bodyPath) => propagate(body, input, `${path}.${bodyPath}`, primitives),
  });
}

function propagate(plan: LayerPlan, inputShape: FeatureShape, path: string, primitives: PlanPrimitiveRegistry): FeatureShape {
  return plan.reduce((shape, layer, index) => layerOutputShape(layer, shape, `${path}[${index}]`, primitives), inputShape);
}
