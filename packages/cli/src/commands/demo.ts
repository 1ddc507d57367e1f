import { join } from 'node:path';
import { usageError, type CliIo } from '../cli-io';
import { explainRunError } from '../run-errors';
import { demoWorkflow } from '../workflows/demo-workflow';
import { thetaConcentration, thetaConcentrationLine } from '../theta-concentration';
import { SEARCH_RECIPE_SUMMARIES, type SearchRecipe } from '../workflows/search-recipes';
import { reportAfterRun } from './report';

/** `fbnas demo`: search on the embedded Fashion-MNIST subset, retrain, and report. */
export async function demoCommand(
  flags: { out?: string; seed: number; json: boolean; searchEpochs?: number; trainEpochs?: number; trainImages?: number; repeats?: number; compareRandom?: boolean; compareData?: string; compareImages?: number; compareEpochs?: number; recipe?: SearchRecipe; beta?: number },
  io: CliIo,
): Promise<void> {
  if (!flags.compareRandom && (flags.compareData !== undefined || flags.compareImages !== undefined || flags.compareEpochs !== undefined)) {
    throw usageError('demo', '--compare-data, --compare-images and --compare-epochs set the comparison of --compare-random; add --compare-random');
  }
  if (flags.compareData === undefined && (flags.compareImages !== undefined || flags.compareEpochs !== undefined)) {
    throw usageError('demo', '--compare-images and --compare-epochs apply to --compare-data (without it the comparison reuses the demo\'s own retraining: --train-images, --train-epochs)');
  }
  const started = Date.now();
  const out = flags.out ?? join('runs', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const { recipe, beta, search, best, trained, comparison } = await demoWorkflow({
    out, seed: flags.seed, searchEpochs: flags.searchEpochs, trainEpochs: flags.trainEpochs, trainImages: flags.trainImages, lutRepeats: flags.repeats, compareRandom: flags.compareRandom ? 5 : 0, compareData: flags.compareData, compareTrainImages: flags.compareImages, compareEpochs: flags.compareEpochs, recipe: flags.recipe, beta: flags.beta,
    onMessage: (m) => io.error(m),
  }).catch((error: unknown) => {
    throw explainRunError(error);
  });
  const minutes = (Date.now() - started) / 60000;
  const report = await reportAfterRun(out, io);
  const logs = search.result.logs;
  const concentration = thetaConcentration(search.result.probabilities);
  const latency = { uniformUs: logs[0]?.expectedLatency ?? NaN, finalUs: logs[logs.length - 1]?.expectedLatency ?? NaN };
  if (flags.json) {
    io.out(JSON.stringify({
      out, sample: best.sample, meanMaxProbability: concentration.meanMaxProbability, expectedLatencyUs: latency,
      predictedLatencyUs: best.predictedCost, measuredLatencyUs: trained.measuredLatencyUs, testAccuracy: trained.testAccuracy, ...(comparison ? { comparison } : {}), minutes, report,
    }, null, 2));
    return;
  }
  io.out(`\nfbnas demo: ${search.space.name} on the embedded Fashion-MNIST subset (${search.backend.backend} backend)`);
  io.out(`search recipe: ${recipe}: ${SEARCH_RECIPE_SUMMARIES[recipe]}${recipe === 'paper' ? '' : '; --recipe paper runs FBNet\'s'}`);
  io.out(`latency term: CE·0.2·(log LAT)^${beta}${beta === 0.6 ? ' (FBNet\'s β)' : ' (FBNet\'s β is 0.6; --beta)'}`);
  io.out('searched architecture (argmax of θ):');
  for (const layer of search.space.layers) {
    const p = search.result.probabilities[layer.id]![best.sample[layer.id]!]!;
    io.out(`  ${layer.id.padEnd(7)} ${String(layer.inChannels).padStart(3)}→${String(layer.outChannels).padEnd(3)} s${layer.stride}  ${best.sample[layer.id]!.padEnd(9)} p = ${p.toFixed(2)}`);
  }
  io.out(thetaConcentrationLine(concentration, 'more θ steps (--epochs, --train-images) or a larger --beta concentrate it'));
  io.out(`expected latency ${(latency.uniformUs / 1000).toFixed(2)} ms before θ trained → ${(latency.finalUs / 1000).toFixed(2)} ms after`);
  io.out(`predicted latency ${(best.predictedCost / 1000).toFixed(2)} ms (LUT sum), measured ${(trained.measuredLatencyUs / 1000).toFixed(2)} ms (batch 1)`);
  io.out(`test accuracy after ${trained.logs.length} retraining epochs on ${flags.trainImages ?? 2500} images: ${(trained.testAccuracy * 100).toFixed(1)} % (500 test images)`);
  if (comparison) {
    if (flags.compareData !== undefined) {
      io.out(`compared on ${comparison.data}: every architecture retrained ${comparison.epochs} epochs on ${flags.compareImages ?? 'all its'} training images and tested on its test set; searched: test accuracy ${(comparison.searchedAccuracy * 100).toFixed(1)} %`);
    }
    io.out(`random architectures of equal or lower predicted latency, retrained the same way (${comparison.folder}):`);
    for (const r of comparison.random) {
      io.out(`  ${r.name.padEnd(9)} predicted ${(r.predictedLatencyUs / 1000).toFixed(2)} ms, measured ${(r.measuredLatencyUs / 1000).toFixed(2)} ms, test accuracy ${(r.testAccuracy * 100).toFixed(1)} %`);
    }
    io.out(`searched ${(comparison.searchedAccuracy * 100).toFixed(1)} % vs random median ${(comparison.medianRandomAccuracy * 100).toFixed(1)} %: the searched architecture ${comparison.searchedBeatsMedian ? 'beats' : 'does not beat'} the median`);
  }
  io.out(`run folder: ${out}; total ${minutes.toFixed(1)} min`);
  if (report) io.out(`report: ${report}`);
}
