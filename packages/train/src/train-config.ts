/** The optimizers `trainArchitecture` runs. */
export type TrainOptimizer = 'sgd' | 'rmsprop' | 'adam';

/**
 * Settings of training an architecture from scratch (SGD with momentum by default, cosine schedule). The optional
 * fields are FBNetV3's recipe dimensions (fbnet-methods §3.2); absent, they are off (and config.json stays as before).
 */
export interface TrainArchitectureConfig {
  /** Epochs (≥ 1). */
  epochs: number;
  /** Images per step. */
  batchSize: number;
  /** Initial SGD learning rate (cosine to 0). */
  learningRate: number;
  /** SGD momentum. */
  momentum: number;
  /** L2 weight decay. */
  weightDecay: number;
  /** Run seed (any integer). */
  seed: number;
  /**
   * `sgd` (default): SGD with `momentum`; `rmsprop`: RMSprop as TensorFlow's EfficientNet/FBNetV3 recipes (decay
   * 0.9, ε 0.001, `momentum`); `adam`: Adam (β 0.9/0.999). Weight decay is in the loss for all three.
   */
  optimizer?: TrainOptimizer;
  /** Mixup's α: each batch is mixed with a permutation of itself by λ ~ Beta(α, α) (Zhang et al. 2018); 0 = off. */
  mixup?: number;
  /** Dropout on the pooled features before the classifier (the head must be `classifier`); 0 = off. */
  dropout?: number;
  /** Stochastic depth: the last block's drop-path rate, linear in depth (`buildModel`'s option); 0 = off. */
  stochasticDepth?: number;
  /**
   * EMA decay d of the weights (BN statistics included): after every step `ema ← d·ema + (1 − d)·w`; evaluation
   * and the saved model use the EMA weights. 0 = off.
   */
  ema?: number;
}

/** Defaults for small images: SGD lr 0.05 (batch 64), momentum 0.9, weight decay 5e-4, cosine to 0. */
export function defaultTrainConfig(overrides: Partial<TrainArchitectureConfig> & { epochs: number }): TrainArchitectureConfig {
  return { batchSize: 64, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, seed: 0, ...overrides };
}
