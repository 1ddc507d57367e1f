import { join } from 'node:path';
import { searchWorkflow } from './search-workflow';
import { trainWorkflow } from './train-workflow';

/** Options of the demo (`fbnas demo`). */
export interface DemoOptions {
  out: string;
  searchEpochs?: number;
  trainEpochs?: number;
  /** Use at most this many of the embedded training images, for the search and the retraining (default: all). */
  trainImages?: number;
  /** Timed runs per block of the latency table (default 30). */
  lutRepeats?: number;
  seed?: number;
  onMessage?: (message: string) => void;
}

/**
 * The end-to-end demo on the Fashion-MNIST subset embedded in @fbnas/data: measure the latency table of
 * `fbnet-micro-28` on this machine, run the DNAS search, retrain the argmax architecture from scratch, and
 * report the architecture, predicted vs. measured latency and test accuracy. A few minutes on 2 cores.
 */
export async function demoWorkflow(options: DemoOptions) {
  const say = options.onMessage ?? (() => {});
  const seed = options.seed ?? 0;
  const search = await searchWorkflow({
    space: 'fbnet-micro-28', data: 'embedded', out: join(options.out, 'search'), epochs: options.searchEpochs ?? 6, seed,
    batchSize: 64, lutRepeats: options.lutRepeats ?? 30, trainImages: options.trainImages, samples: 0, onMessage: say,
    onEpoch: (log) => say(`search epoch ${log.epoch + 1}: weights loss ${log.weightLoss.toFixed(3)}, θ accuracy ${log.architectureAccuracy?.toFixed(3) ?? '-'}, τ ${log.temperature.toFixed(2)}, expected latency ${log.expectedLatency.toFixed(0)} µs (${log.seconds.toFixed(1)} s)`),
  });
  const best = search.architectures[0]!;
  const trained = await trainWorkflow({
    architecture: best.architecture, data: 'embedded', out: join(options.out, 'retrain'), epochs: options.trainEpochs ?? 30, seed, trainImages: options.trainImages,
    onMessage: say,
    onEpoch: (log) => say(`retrain epoch ${log.epoch + 1}: loss ${log.loss.toFixed(3)}, accuracy ${log.accuracy.toFixed(3)} (${log.seconds.toFixed(1)} s)`),
  });
  trained.model.dispose();
  return { search, best, trained };
}
