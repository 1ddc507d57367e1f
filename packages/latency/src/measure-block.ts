import { randomNormal } from '@tensorflow/tfjs-core';
import type { FeatureShape, LayerPlan, PlanPrimitiveRegistry } from '@fbnas/core';
import { buildPlanModel } from '@fbnas/ops';
import { timePredict, type TimePredictOptions } from './time-predict';

/**
 * Times one block alone: `buildPlanModel([{ path, plan }], inShape)` run by `timePredict` on a random
 * `[batchSize, H, W, C]` input; the model and input are disposed. `primitives`: the layer kinds (default the
 * built-ins; `planPrimitivesOf(ops)` for contributed ones).
 *
 * @returns the timed runs (µs).
 * @example
 * measureBlock('backbone.stages.xif0_0', plan, { height: 28, width: 28, channels: 1 }, 1, { warmup: 10, repeats: 50 });
 */
export function measureBlock(
  path: string,
  plan: LayerPlan,
  inShape: FeatureShape,
  batchSize: number,
  options: TimePredictOptions,
  primitives?: PlanPrimitiveRegistry,
): number[] {
  const model = buildPlanModel([{ path, plan }], inShape, primitives === undefined ? {} : { primitives });
  const input = randomNormal([batchSize, inShape.height, inShape.width, inShape.channels]);
  try {
    return timePredict(model, input, options);
  } finally {
    input.dispose();
    model.dispose();
  }
}

/**
 * Times what measuring a block alone adds to its cost inside a network: one `predict` call and the `dataSync`
 * readback of an output of `shape` (a network pays these once, for its logits). The model only flattens its
 * input, which costs no arithmetic.
 *
 * @returns the timed runs (µs).
 * @example
 * measureReadout({ height: 14, width: 14, channels: 16 }, 64, { warmup: 10, repeats: 50 });
 */
export function measureReadout(shape: FeatureShape, batchSize: number, options: TimePredictOptions): number[] {
  return measureBlock('readout', [{ kind: 'flatten' }], shape, batchSize, options);
}
