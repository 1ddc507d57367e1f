import { serialization } from '@tensorflow/tfjs-core';
import { FbnasBatchNorm } from './layers/fbnas-batch-norm';
import { FbnasConv2D } from './layers/fbnas-conv2d';
import { FbnasDropout } from './layers/fbnas-dropout';
import { FbnasPool2D } from './layers/fbnas-pool2d';
import { FbnasActivation, FbnasChannelShuffle, FbnasFlatten, FbnasGlobalAveragePool, FbnasScale } from './layers/fbnas-elementwise';

/** fbnas's custom tfjs-layers classes, as serialized in model.json. */
export const FBNAS_LAYER_CLASSES = [
  FbnasConv2D,
  FbnasBatchNorm,
  FbnasActivation,
  FbnasChannelShuffle,
  FbnasGlobalAveragePool,
  FbnasScale,
  FbnasFlatten,
  FbnasPool2D,
  FbnasDropout,
] as const;

/**
 * Registers fbnas's layer classes with tfjs's serialization registry, so saved models load with
 * `tf.loadLayersModel`. Idempotent; called by `buildPlanModel` and `loadModel` (never on import).
 */
export function registerFbnasLayers(): void {
  for (const cls of FBNAS_LAYER_CLASSES) {
    serialization.registerClass(cls as unknown as serialization.SerializableConstructor<serialization.Serializable>);
  }
}
