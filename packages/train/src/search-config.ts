import { paperTemperature, type MixedOpMode, type TemperatureScheduleConfig } from '@fbnas/gumbel';
import { FBNET_LATENCY_LOSS, type LatencyLossForm } from './latency-loss';

/** Everything that determines a search run (saved in the run folder; a resume must match it). */
export interface SearchConfig {
  /** Seed of weights, Gumbel noise and data order. */
  seed: number;
  /** Search epochs. */
  epochs: number;
  /** Leading epochs that train only the weights (θ frozen; the paper's 10 of 90). */
  warmupEpochs: number;
  /** Batch size (images). */
  batchSize: number;
  /** Candidate evaluation: `sampled` (one per layer, straight-through) or `all` (the paper's soft mixture). */
  mode: MixedOpMode;
  /**
   * Gumbel-softmax draws per step: `batch` (default; one sample of θ shared by the batch, as in the paper) or
   * `example` (one sample per example, so a θ step averages the gradient over N architectures instead of one;
   * FBNet's supernet only).
   */
  gumbelSamples?: 'batch' | 'example';
  /** Weights: SGD, momentum 0.9, cosine from this learning rate. */
  weightLearningRate: number;
  weightMomentum: number;
  weightDecay: number;
  /** Architecture logits θ: Adam. */
  architectureLearningRate: number;
  /** θ's learning rate over the search: `constant` (default, the paper's) or `cosine` (to 0 at the last θ step). */
  architectureSchedule?: 'constant' | 'cosine';
  architectureWeightDecay: number;
  /** Latency term. */
  loss: LatencyLossForm;
  /** Gumbel-softmax temperature per epoch. */
  temperature: TemperatureScheduleConfig;
  /**
   * The θ steps' own Gumbel-softmax temperature per epoch (default: `temperature`, as in the paper, where both
   * phases sample at one τ). A lower τ here than in the weight steps gives θ sharper samples, each example seeing
   * close to one candidate per layer, while the weights keep training on soft mixtures.
   */
  architectureTemperature?: TemperatureScheduleConfig;
}

/**
 * FBNet's settings (fbnet-methods §1.6, §5.1) scaled to `epochs`: SGD lr 0.1 at batch 192 scaled linearly,
 * momentum 0.9, weight decay 1e-4; Adam lr 0.01, weight decay 5e-4; α 0.2, β 0.6; τ from 5.0 decaying to ≈0.087
 * at the end; θ frozen for the first ≈ epochs/9 epochs.
 */
export function defaultSearchConfig(overrides: Partial<SearchConfig> & { epochs: number }): SearchConfig {
  const batchSize = overrides.batchSize ?? 64;
  return {
    seed: 0,
    warmupEpochs: Math.max(1, Math.round(overrides.epochs / 9)),
    batchSize,
    mode: 'all',
    weightLearningRate: (0.1 * batchSize) / 192,
    weightMomentum: 0.9,
    weightDecay: 1e-4,
    architectureLearningRate: 0.01,
    architectureWeightDecay: 5e-4,
    loss: FBNET_LATENCY_LOSS,
    temperature: paperTemperature(overrides.epochs),
    ...overrides,
  };
}
