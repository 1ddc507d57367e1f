import { join } from 'node:path';
import { writeJsonAtomic } from '@fbnas/train';
import { countArch, type ArchDefinition, type OpSpecRegistry } from '@fbnas/core';
import { median } from '@fbnas/latency';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { derive } from '@fbnas/search-space';
import { randomWithinCost } from './random-within-cost';
import { SEARCH_RECIPES, type SearchRecipe } from './search-recipes';
import { searchWorkflow, type DerivedArchitecture, type SearchWorkflowResult } from './search-workflow';
import { trainWorkflow, type TrainWorkflowResult } from './train-workflow';

/**
 * The demo's β in CE·α·(log LAT)^β: 3, where FBNet's is 0.6. In a 6-epoch search on 2,500 images the cross-entropy
 * term dominates at 0.6 and the expected latency rises (1175 → 1228 µs in docs/results/dnas-degradation); at 3 it
 * falls (1175 → 735 µs) while the supernet still learns.
 */
export const DEMO_BETA = 3;

/** Search epochs of the demo unless `searchEpochs` says otherwise. */
export const DEMO_SEARCH_EPOCHS = 6;

/** Retraining epochs of the demo (and of its comparison) unless `trainEpochs` says otherwise. */
export const DEMO_TRAIN_EPOCHS = 30;

/** The demo's search recipe: `small`, since the paper's settings leave θ uniform in a run this short. */
export const DEMO_RECIPE: SearchRecipe = 'small';

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
  /** β of the latency term CE·0.2·(log LAT)^β (default `DEMO_BETA`). */
  beta?: number;
  /** The DNAS search recipe (default `DEMO_RECIPE`). */
  recipe?: SearchRecipe;
  /**
   * Also retrain this many random architectures of the space whose predicted latency is at most the searched
   * one's, with the same recipe, data and seed, and compare test accuracies (default 0: none).
   */
  compareRandom?: number;
  /**
   * Retrain the comparison (the searched architecture and the random ones alike) on this data spec instead
   * (`fashion-mnist`, `cifar10:DIR`…; see `loadData`), tested on its test set: 500 embedded test images separate
   * accuracies only to about ±1.6 points, the 10,000 of Fashion-MNIST to about ±0.35. Default: the demo's own
   * retraining on the embedded subset, whose searched result is reused.
   */
  compareData?: string;
  /** At most this many training images of `compareData` (seeded, class-balanced; default all). */
  compareTrainImages?: number;
  /** Retraining epochs of the comparison when it has its own data (default `trainEpochs`, else 30). */
  compareEpochs?: number;
  /**
   * The op specs (default: the built-ins). The demo's space, `fbnet-micro-28`, uses built-in ops only; a registry
   * extended with your own specs changes nothing but is threaded through every count, plan and build.
   */
  ops?: OpSpecRegistry;
  onMessage?: (message: string) => void;
}

/** One retrained random architecture of the demo's comparison. */
export interface RandomBaselinePoint {
  name: string;
  /** Multiply-accumulates per image. */
  macs: number;
  /** Σ LUT entries, µs. */
  predictedLatencyUs: number;
  measuredLatencyUs: number;
  testAccuracy: number;
}

/** The searched architecture against random ones of equal or lower predicted latency, retrained identically. */
export interface RandomComparison {
  /** The data spec every architecture of the comparison was retrained and tested on. */
  data: string;
  /** Retraining epochs of every architecture of the comparison. */
  epochs: number;
  /** The searched architecture's test accuracy in this comparison (the demo's own when `data` is the demo's). */
  searchedAccuracy: number;
  random: RandomBaselinePoint[];
  /** Median test accuracy of the random architectures. */
  medianRandomAccuracy: number;
  /** Whether the searched architecture's test accuracy is above that median. */
  searchedBeatsMedian: boolean;
  /** `<out>/compare-random`: an experiment folder (`experiment.json`) that `fbnas report` plots. */
  folder: string;
}

/**
 * The end-to-end demo on the Fashion-MNIST subset embedded in @fbnas/data: measure the latency table of
 * `fbnet-micro-28` on this machine, run the DNAS search, retrain the argmax architecture from scratch, and
 * report the architecture, predicted vs. measured latency and test accuracy. A few minutes on 2 cores.
 */
export async function demoWorkflow(options: DemoOptions) {
  const say = options.onMessage ?? (() => {});
  const seed = options.seed ?? 0;
  const recipe = options.recipe ?? DEMO_RECIPE;
  const beta = options.beta ?? DEMO_BETA;
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const search = await searchWorkflow({
    ops,
    space: 'fbnet-micro-28', data: 'embedded', out: join(options.out, 'search'), epochs: options.searchEpochs ?? DEMO_SEARCH_EPOCHS, seed,
    batchSize: 64, lutRepeats: options.lutRepeats ?? 30, trainImages: options.trainImages, samples: 0, onMessage: say,
    config: { ...SEARCH_RECIPES[recipe], loss: { kind: 'multiplicative', alpha: 0.2, beta } },
    onEpoch: (log) => say(`search epoch ${log.epoch + 1}: weights loss ${log.weightLoss.toFixed(3)}, θ accuracy ${log.architectureAccuracy?.toFixed(3) ?? '-'}, τ ${log.temperature.toFixed(2)}, expected latency ${log.expectedLatency.toFixed(0)} µs (${log.seconds.toFixed(1)} s)`),
  });
  const best = search.architectures[0]!;
  const trained = await trainWorkflow({
    ops, architecture: best.architecture, data: 'embedded', out: join(options.out, 'retrain'), epochs: options.trainEpochs ?? DEMO_TRAIN_EPOCHS, seed, trainImages: options.trainImages,
    onMessage: say,
    onEpoch: (log) => say(`retrain epoch ${log.epoch + 1}: loss ${log.loss.toFixed(3)}, accuracy ${log.accuracy.toFixed(3)} (${log.seconds.toFixed(1)} s)`),
  });
  trained.model.dispose();
  const comparison = options.compareRandom ? await compareWithRandom(options, ops, search, best, trained, say) : undefined;
  return { recipe, beta, search, best, trained, comparison };
}

/**
 * Retrains `options.compareRandom` random architectures whose predicted latency is at most the searched one's
 * (uniform among those, `randomWithinCost`) exactly as the searched one was, each in `<out>/compare-random/random-i`
 * (resumable), and writes `<out>/compare-random/experiment.json` with every point. With `compareData`, the searched
 * architecture is retrained too, on that data with the same recipe, in `<out>/compare-random/searched`.
 */
async function compareWithRandom(
  options: DemoOptions,
  ops: OpSpecRegistry,
  search: SearchWorkflowResult,
  best: DerivedArchitecture,
  trained: TrainWorkflowResult,
  say: (message: string) => void,
): Promise<RandomComparison> {
  const seed = options.seed ?? 0;
  const folder = join(options.out, 'compare-random');
  const own = options.compareData === undefined;
  const data = options.compareData ?? 'embedded';
  const epochs = (own ? undefined : options.compareEpochs) ?? options.trainEpochs ?? DEMO_TRAIN_EPOCHS;
  const trainImages = own ? options.trainImages : options.compareTrainImages;
  const retrain = async (architecture: ArchDefinition, name: string): Promise<TrainWorkflowResult> => {
    const result = await trainWorkflow({ ops, architecture, data, out: join(folder, name), epochs, seed, trainImages, onMessage: say });
    result.model.dispose();
    return result;
  };
  let searched = trained;
  if (!own) {
    say(`retraining the searched architecture on ${data} for the comparison`);
    searched = await retrain(best.architecture, 'searched');
    say(`  searched: test accuracy ${(searched.testAccuracy * 100).toFixed(1)} %`);
  }
  const drawn = randomWithinCost(search.space, search.table, best.predictedCost, options.compareRandom!, seed);
  const random: RandomBaselinePoint[] = [];
  for (const [i, { sample, predictedCost }] of drawn.entries()) {
    const name = `random-${i + 1}`;
    const architecture = derive(search.space, sample, { name: `${search.space.name}-${name}` });
    say(`random architecture ${i + 1}/${drawn.length}: predicted ${(predictedCost / 1000).toFixed(2)} ms ≤ ${(best.predictedCost / 1000).toFixed(2)} ms (searched); retraining it the same way`);
    const result = await retrain(architecture, name);
    random.push({ name, macs: countArch(architecture, ops).macs, predictedLatencyUs: predictedCost, measuredLatencyUs: result.measuredLatencyUs, testAccuracy: result.testAccuracy });
    say(`  ${name}: test accuracy ${(result.testAccuracy * 100).toFixed(1)} %, measured ${(result.measuredLatencyUs / 1000).toFixed(2)} ms`);
  }
  const medianRandomAccuracy = median(random.map((r) => r.testAccuracy));
  const images = trainImages === undefined ? (own ? 'the 2500' : 'all the') : String(trainImages);
  await writeJsonAtomic(join(folder, 'experiment.json'), {
    format: 'fbnas.experiment/v1',
    title: `fbnas demo: searched vs random architectures of ${search.space.name} with ≤ the searched predicted latency`,
    description: own
      ? `each retrained ${epochs} epochs on ${images} images of the embedded Fashion-MNIST subset (seed ${seed}), tested on its 500 test images; latency measured at batch 1 on this machine`
      : `each retrained ${epochs} epochs on ${images} training images of ${data} (seed ${seed}), tested on its test set; latency measured at batch 1 on this machine`,
    points: [
      { name: 'searched', kind: 'searched', group: 'DNAS (demo)', accuracy: searched.testAccuracy, latencyUs: searched.measuredLatencyUs, macs: best.macs, run: own ? '../retrain' : 'searched' },
      ...random.map((r) => ({ name: r.name, kind: 'random', accuracy: r.testAccuracy, latencyUs: r.measuredLatencyUs, macs: r.macs, run: r.name })),
    ],
  });
  return { data, epochs, searchedAccuracy: searched.testAccuracy, random, medianRandomAccuracy, searchedBeatsMedian: searched.testAccuracy > medianRandomAccuracy, folder };
}
