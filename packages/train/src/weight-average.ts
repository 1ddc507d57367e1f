import { add, mul, scalar, tidy, variable, type Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** An exponential moving average of every model weight (BN statistics included). */
export class WeightAverage {
  readonly averages: Map<string, Variable>;

  constructor(readonly model: LayersModel, private readonly decay: number) {
    // Inside tidy: the clone would otherwise outlive the variable made from it.
    this.averages = new Map(model.weights.map((w) => [w.originalName, tidy(() => variable(w.read().clone(), false))]));
  }

  /** Updates so far (restored from the epoch on resume). */
  updates = 0;

  /**
   * `ema ← d·ema + (1 − d)·w` for every weight, with TensorFlow's warm-up `d = min(decay, (1 + t)/(10 + t))` after t
   * updates, so a short run's average is not dominated by the initial weights.
   */
  update(): void {
    const decay = Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
    this.updates += 1;
    for (const w of this.model.weights) {
      const average = this.averages.get(w.originalName)!;
      const next = tidy(() => add(mul(average, scalar(decay)), mul(w.read(), scalar(1 - decay))));
      average.assign(next);
      next.dispose();
    }
  }

  /** Writes the averages into the model's weights. */
  writeInto(): void {
    for (const w of this.model.weights) w.write(this.averages.get(w.originalName)!);
  }

  dispose(): void {
    for (const average of this.averages.values()) average.dispose();
  }
}

/** Runs `body` with the EMA weights in the model (when kept), restoring the trained weights after. */
export function withAveragedWeights<T>(ema: WeightAverage | null, body: () => T): T {
  if (ema === null) return body();
  const saved = new Map(ema.model.weights.map((w) => [w, w.read().clone()]));
  try {
    ema.writeInto();
    return body();
  } finally {
    for (const [w, value] of saved) {
      w.write(value);
      value.dispose();
    }
  }
}

