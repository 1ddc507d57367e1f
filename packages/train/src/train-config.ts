/** Settings of training an architecture from scratch (SGD with momentum, cosine schedule). */
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
}

/** Defaults for small images: SGD lr 0.05 (batch 64), momentum 0.9, weight decay 5e-4, cosine to 0. */
export function defaultTrainConfig(overrides: Partial<TrainArchitectureConfig> & { epochs: number }): TrainArchitectureConfig {
  return { batchSize: 64, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, seed: 0, ...overrides };
}
