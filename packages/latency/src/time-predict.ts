import { dispose, type Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Options of `timePredict`. */
export interface TimePredictOptions {
  /** Untimed runs first (JIT, caches, weight upload). */
  warmup: number;
  /** Timed runs. */
  repeats: number;
}

/**
 * Times `model.predict(input)` in inference mode on the whole batch at once (tfjs-layers would otherwise split
 * it into batches of 32 and concatenate), each run including a `dataSync()` of the output (so queued or
 * asynchronous backends finish the work) and nothing else; outputs are disposed.
 *
 * @returns the wall time of each timed run (µs).
 * @example
 * const times = timePredict(model, tf.zeros([1, 28, 28, 1]), { warmup: 10, repeats: 50 });
 */
export function timePredict(model: LayersModel, input: Tensor, options: TimePredictOptions): number[] {
  const times: number[] = [];
  const batchSize = input.shape[0] ?? 1;
  for (let run = 0; run < options.warmup + options.repeats; run++) {
    const start = performance.now();
    const output = model.predict(input, { batchSize });
    for (const tensor of Array.isArray(output) ? output : [output]) tensor.dataSync();
    const elapsed = performance.now() - start;
    dispose(output);
    if (run >= options.warmup) times.push(elapsed * 1000);
  }
  return times;
}
