/**
 * Complete checks of the search and training configs, run before anything is written to a run folder, so a bad
 * value never reaches config.json. Errors name the field as saved in config.json (`search.batchSize`,
 * `train.learningRate`) and the expected form.
 */
import { expectedError, FormatError, isPlainObject } from '@fbnas/core';
import { temperatureSchedule, type TemperatureScheduleConfig } from '@fbnas/gumbel';
import type { LatencyLossForm } from './latency-loss';
import type { SearchConfig } from './search-config';
import type { TrainArchitectureConfig } from './train-config';

/**
 * Checks every field of a search config.
 *
 * @throws FormatError e.g. `search.batchSize: expected a positive integer, got 0`.
 * @example
 * validateSearchConfig(defaultSearchConfig({ epochs: 10 }));
 */
export function validateSearchConfig(config: SearchConfig): SearchConfig {
  if (!isPlainObject(config)) throw expectedError('search', 'a search config object', config);
  integer(config.seed, 'search.seed', 'an integer seed', Number.MIN_SAFE_INTEGER);
  integer(config.epochs, 'search.epochs', 'a positive integer', 1);
  integer(config.warmupEpochs, 'search.warmupEpochs', 'a non-negative integer', 0);
  integer(config.batchSize, 'search.batchSize', 'a positive integer', 1);
  if (config.mode !== 'all' && config.mode !== 'sampled') throw expectedError('search.mode', '"all" or "sampled"', config.mode);
  if (config.gumbelSamples !== undefined && config.gumbelSamples !== 'batch' && config.gumbelSamples !== 'example') {
    throw expectedError('search.gumbelSamples', '"batch" or "example"', config.gumbelSamples);
  }
  nonNegative(config.weightLearningRate, 'search.weightLearningRate');
  fraction(config.weightMomentum, 'search.weightMomentum');
  nonNegative(config.weightDecay, 'search.weightDecay');
  nonNegative(config.architectureLearningRate, 'search.architectureLearningRate');
  if (config.architectureSchedule !== undefined && config.architectureSchedule !== 'constant' && config.architectureSchedule !== 'cosine') {
    throw expectedError('search.architectureSchedule', '"constant" or "cosine"', config.architectureSchedule);
  }
  nonNegative(config.architectureWeightDecay, 'search.architectureWeightDecay');
  checkLoss(config.loss);
  checkTemperature(config.temperature, 'search.temperature');
  if (config.architectureTemperature !== undefined) checkTemperature(config.architectureTemperature, 'search.architectureTemperature');
  return config;
}

/**
 * Checks every field of a training config.
 *
 * @throws FormatError e.g. `train.epochs: expected a positive integer, got 1.5`.
 */
export function validateTrainConfig(config: TrainArchitectureConfig): TrainArchitectureConfig {
  if (!isPlainObject(config)) throw expectedError('train', 'a training config object', config);
  integer(config.seed, 'train.seed', 'an integer seed', Number.MIN_SAFE_INTEGER);
  integer(config.epochs, 'train.epochs', 'a positive integer', 1);
  integer(config.batchSize, 'train.batchSize', 'a positive integer', 1);
  nonNegative(config.learningRate, 'train.learningRate');
  fraction(config.momentum, 'train.momentum');
  nonNegative(config.weightDecay, 'train.weightDecay');
  if (config.optimizer !== undefined && !['sgd', 'rmsprop', 'adam'].includes(config.optimizer)) {
    throw expectedError('train.optimizer', '"sgd", "rmsprop" or "adam"', config.optimizer);
  }
  if (config.mixup !== undefined) nonNegative(config.mixup, 'train.mixup');
  if (config.dropout !== undefined) fraction(config.dropout, 'train.dropout');
  if (config.stochasticDepth !== undefined) fraction(config.stochasticDepth, 'train.stochasticDepth');
  if (config.ema !== undefined) fraction(config.ema, 'train.ema');
  return config;
}

function checkLoss(loss: LatencyLossForm): void {
  if (!isPlainObject(loss)) throw expectedError('search.loss', 'a loss form object', loss);
  switch (loss.kind) {
    case 'multiplicative':
      nonNegative(loss.alpha, 'search.loss.alpha');
      nonNegative(loss.beta, 'search.loss.beta');
      return;
    case 'additive':
      nonNegative(loss.lambda, 'search.loss.lambda');
      positive(loss.reference, 'search.loss.reference');
      return;
    case 'budget':
      nonNegative(loss.lambda, 'search.loss.lambda');
      positive(loss.target, 'search.loss.target');
      return;
    default:
      throw expectedError('search.loss.kind', '"multiplicative", "additive" or "budget"', (loss as { kind: unknown }).kind);
  }
}

function integer(value: unknown, path: string, expected: string, minimum: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) throw expectedError(path, expected, value);
}

function nonNegative(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw expectedError(path, 'a finite number ≥ 0', value);
}

function positive(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw expectedError(path, 'a finite number > 0', value);
}

function fraction(value: unknown, path: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) throw expectedError(path, 'a number in [0, 1)', value);
}

/** A temperature schedule `temperatureSchedule` accepts, else a `FormatError` at `field`. */
function checkTemperature(schedule: TemperatureScheduleConfig, field: string): void {
  try {
    temperatureSchedule(schedule);
  } catch (error) {
    throw new FormatError(field, (error as Error).message);
  }
}
