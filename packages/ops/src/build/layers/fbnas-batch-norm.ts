import { batchNorm, mul, scalar, sub, tidy, type Tensor, type Tensor1D } from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable } from '@tensorflow/tfjs-layers';
import { batchNormTraining } from '@fbnas/backend';

type Shape = (number | null)[];

/** Configuration of `FbnasBatchNorm` (serialized in model.json). */
export interface FbnasBatchNormConfig {
  name?: string;
  trainable?: boolean;
  /** ε added to the variance (PyTorch's default 1e-5). */
  epsilon?: number;
  /** PyTorch-sense momentum: running ← (1 − m)·running + m·batch (default 0.1; Keras momentum 0.9). */
  momentum?: number;
  /** Initialise γ to 0 (residual blocks' last BN in FBNetV2). */
  zeroGamma?: boolean;
}

/**
 * Batch normalisation over the last axis with PyTorch semantics: ε 1e-5, momentum 0.1, running variance
 * updated with the unbiased batch variance. Training mode (`training: true`) uses `batchNormTraining` from
 * `@fbnas/backend` (closed-form gradient, native on wasm); inference uses the running statistics.
 * Weights: `gamma`, `beta` (trainable), `moving_mean`, `moving_variance`.
 */
export class FbnasBatchNorm extends layers.Layer {
  static readonly className = 'FbnasBatchNorm';
  private readonly epsilon: number;
  private readonly momentum: number;
  private readonly zeroGamma: boolean;
  private gamma?: LayerVariable;
  private beta?: LayerVariable;
  private movingMean?: LayerVariable;
  private movingVariance?: LayerVariable;

  constructor(config: FbnasBatchNormConfig = {}) {
    super(config);
    this.epsilon = config.epsilon ?? 1e-5;
    this.momentum = config.momentum ?? 0.1;
    this.zeroGamma = config.zeroGamma ?? false;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[shape.length - 1] as number;
    this.gamma = this.addWeight('gamma', [channels], 'float32', this.zeroGamma ? initializers.zeros() : initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [channels], 'float32', initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [channels], 'float32', initializers.ones(), undefined, false);
    this.built = true;
  }

  /**
   * @param kwargs - `training`: batch statistics (and running-statistics update) instead of the running ones;
   *   `scale`: a per-channel factor `[C]` applied to γ and β, i.e. the output times `scale` without another
   *   activation-size tensor (the masked supernet's channel masks).
   */
  override call(inputs: Tensor | Tensor[], kwargs: { training?: boolean; scale?: Tensor1D }): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    let gamma = this.gamma!.read() as Tensor1D;
    let beta = this.beta!.read() as Tensor1D;
    if (kwargs?.scale !== undefined) {
      gamma = mul(gamma, kwargs.scale);
      beta = mul(beta, kwargs.scale);
    }
    if (!kwargs?.training) {
      return tidy(() => batchNorm(x, this.movingMean!.read(), this.movingVariance!.read(), beta, gamma, this.epsilon));
    }
    const { y, mean, variance, rows } = batchNormTraining(x, gamma, beta, this.epsilon);
    tidy(() => {
      const count = rows;
      const unbiased = mul(variance, scalar(count / Math.max(count - 1, 1)));
      const m = scalar(this.momentum);
      this.movingMean!.write(sub(this.movingMean!.read(), mul(m, sub(this.movingMean!.read(), mean))));
      this.movingVariance!.write(sub(this.movingVariance!.read(), mul(m, sub(this.movingVariance!.read(), unbiased))));
    });
    mean.dispose();
    variance.dispose();
    return y;
  }

  override getConfig() {
    return { ...super.getConfig(), epsilon: this.epsilon, momentum: this.momentum, zeroGamma: this.zeroGamma };
  }
}
