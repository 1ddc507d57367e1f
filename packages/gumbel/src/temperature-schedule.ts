/** A temperature as a function of the (0-based) epoch. */
export type TemperatureSchedule = (epoch: number) => number;

/** A schedule as JSON, for run configs: `exponential`, `linear` or `constant`. */
export type TemperatureScheduleConfig =
  | { kind: 'exponential'; initial: number; decayPerEpoch: number }
  | { kind: 'linear'; initial: number; final: number; epochs: number }
  | { kind: 'constant'; value: number };

/**
 * FBNet's schedule rescaled to `epochs`: τ₀ = 5.0, multiplied by exp(−0.045 · 90 / epochs) per epoch, so the
 * last epoch ends near the paper's τ ≈ 5·e^(−4.05) ≈ 0.087 after 90 epochs (fbnet-methods §5.1). With
 * `epochs = 90` it is the paper's 5.0 × exp(−0.045) per epoch.
 */
export function paperTemperature(epochs: number): TemperatureScheduleConfig {
  if (!(epochs > 0)) throw new Error(`paperTemperature: epochs must be > 0, got ${epochs}`);
  return { kind: 'exponential', initial: 5, decayPerEpoch: Math.exp((-0.045 * 90) / epochs) };
}

/**
 * Turns a schedule config into a function. `exponential`: τ = initial · decay^epoch; `linear`: from `initial`
 * at epoch 0 to `final` at epoch `epochs − 1`, then constant; `constant`: always `value`.
 * @throws Error for a non-positive temperature or decay.
 */
export function temperatureSchedule(config: TemperatureScheduleConfig): TemperatureSchedule {
  switch (config.kind) {
    case 'exponential':
      if (!(config.initial > 0) || !(config.decayPerEpoch > 0)) {
        throw new Error(`exponential temperature: initial and decayPerEpoch must be > 0, got ${config.initial}, ${config.decayPerEpoch}`);
      }
      return (epoch) => config.initial * config.decayPerEpoch ** epoch;
    case 'linear':
      if (!(config.initial > 0) || !(config.final > 0) || !(config.epochs >= 1)) {
        throw new Error('linear temperature: initial and final must be > 0 and epochs >= 1');
      }
      return (epoch) => {
        const t = config.epochs === 1 ? 1 : Math.min(1, epoch / (config.epochs - 1));
        return config.initial + (config.final - config.initial) * t;
      };
    case 'constant':
      if (!(config.value > 0)) throw new Error(`constant temperature: value must be > 0, got ${config.value}`);
      return () => config.value;
    default:
      throw new Error(`unknown temperature schedule kind '${(config as { kind: string }).kind}'; expected exponential, linear or constant`);
  }
}
