import { dispose, getBackend, losses, memory, randomNormal, oneHot, randomUniform, variableGrads, type Scalar, type Tensor2D } from '@tensorflow/tfjs-core';
import { deriveSeed, gumbelSoftmax } from '@fbnas/gumbel';
import { expectedLatency, macsTable } from '@fbnas/latency';
import { builtinMaskSpaceFiles, countArchitectures, loadSpace } from '@fbnas/search-space';
import { createSupernet, latencyAwareLoss, layoutFromSpace, type LatencyLossForm } from '@fbnas/train';
import type { CliIo } from '../cli-io';
import type { Flags } from '../command-spec';
import { explainRunError } from '../run-errors';
import { progressBar } from '../progress-bar';
import { SEARCH_RECIPES } from '../workflows/search-recipes';
import { searchWorkflow } from '../workflows/search-workflow';
import { maskSearchCommand } from './mask-search';
import { reportAfterRun } from './report';
import { checkSearchFlags, type SearchFlags } from './search-flags';

/**
 * `fbnas search`: the DNAS search (resumes when `--out` holds an interrupted run), or `--dry-run`; on a
 * DMaskingNAS space (`fbnetv2*`), FBNetV2's masked search (`maskSearchCommand`).
 */
export async function searchCommand(rawFlags: Flags, io: CliIo, out: string): Promise<void> {
  const flags = checkSearchFlags(rawFlags, out);
  if (flags.space in builtinMaskSpaceFiles) return maskSearchCommand(flags, io);
  if (flags.dryRun) return dryRun(flags, io);
  const loss: LatencyLossForm = { kind: 'multiplicative', alpha: flags.alpha ?? 0.2, beta: flags.beta ?? 0.6 };
  const outcome = await searchWorkflow({
    space: flags.space, data: flags.data, out: flags.out, epochs: flags.epochs, seed: flags.seed, batchSize: flags.batchSize,
    mode: flags.mode, trainImages: flags.trainImages, cost: flags.cost, lut: flags.lut, samples: flags.samples,
    config: { ...SEARCH_RECIPES[flags.recipe ?? 'paper'], loss },
    onMessage: (m) => io.error(m),
    onStep: (phase, epoch, step, steps) => {
      // Redrawn in place on a terminal only; logs get the per-epoch lines below.
      if (process.stderr.isTTY) progressBar(`epoch ${epoch + 1} ${phase === 'weights' ? 'weights' : 'θ'}`, process.stderr, 'steps').update(step + 1, steps);
    },
    onEpoch: (log) => io.error(`${process.stderr.isTTY ? '\r' : ''}epoch ${log.epoch + 1}/${flags.epochs}: loss ${log.weightLoss.toFixed(4)} acc ${log.weightAccuracy.toFixed(3)} | θ acc ${log.architectureAccuracy?.toFixed(3) ?? '-'} | τ ${log.temperature.toFixed(3)} | E[LAT] ${log.expectedLatency.toFixed(0)} | ${log.seconds.toFixed(0)} s`),
  }).catch((error: unknown) => {
    throw explainRunError(error);
  });
  const report = await reportAfterRun(flags.out, io);
  if (flags.json) {
    io.out(JSON.stringify({ out: flags.out, argmax: outcome.result.argmax, architectures: outcome.architectures.map(({ name, sample, predictedCost, costUnit, macs }) => ({ name, sample, predictedCost, costUnit, macs })), report }, null, 2));
    return;
  }
  io.out(`search finished: ${flags.out}`);
  for (const a of outcome.architectures) {
    io.out(`  ${a.name.padEnd(9)} predicted ${a.predictedCost.toFixed(0)} ${a.costUnit}, ${(a.macs / 1e6).toFixed(2)} M MACs: ${Object.values(a.sample).join(' ')}`);
  }
  io.out(`argmax architecture: ${flags.out}/architecture.json`);
  if (report) io.out(`report: ${report}`);
}

async function dryRun(flags: SearchFlags, io: CliIo): Promise<void> {
  const backend = { backend: getBackend() };
  const space = loadSpace(flags.space);
  const layout = layoutFromSpace(space);
  const started = performance.now();
  const supernet = createSupernet(layout, flags.seed);
  const buildSeconds = (performance.now() - started) / 1000;
  const table = macsTable(space);
  const layerIds = space.layers.map((l) => l.id);
  const names = space.layers.map((l) => [...l.candidates]);
  const batch = flags.batchSize ?? 8;
  const mode = flags.mode ?? 'sampled';
  const x = randomNormal([batch, space.inputSize, space.inputSize, space.inputChannels]);
  const y = oneHot(randomUniform([batch], 0, space.numClasses, 'int32'), space.numClasses);
  const stepStart = performance.now();
  const { value, grads } = variableGrads(() => {
    const mask = gumbelSoftmax(supernet.theta, { temperature: 5, seed: deriveSeed(flags.seed, 0, 0), hard: mode === 'sampled' }) as Tensor2D;
    const logits = supernet.forward(x, { mask, training: true, mode });
    const ce = losses.softmaxCrossEntropy(y, logits) as Scalar;
    return latencyAwareLoss(ce, expectedLatency(table, layerIds, names, mask), { kind: 'multiplicative', alpha: flags.alpha ?? 0.2, beta: flags.beta ?? 0.6 });
  }, [...supernet.weights, supernet.theta]);
  const lossValue = value.dataSync()[0]!;
  const stepSeconds = (performance.now() - stepStart) / 1000;
  const tensorMemory = memory();
  const report = {
    space: space.name, backend: backend.backend,
    architectures: { count: countArchitectures(space).count.toString(), log10: countArchitectures(space).log10 }, batchSize: batch, mode,
    searchableLayers: layerIds.length, candidateModels: names.flat().length,
    trainableParameters: supernet.weights.reduce((s, w) => s + w.size, 0),
    buildSeconds, stepSeconds, loss: lossValue,
    tensorBytes: tensorMemory.numBytes, numTensors: tensorMemory.numTensors, residentSetBytes: process.memoryUsage().rss,
  };
  dispose([value, x, y, ...Object.values(grads)]);
  supernet.dispose();
  if (flags.json) {
    io.out(JSON.stringify(report, null, 2));
    return;
  }
  io.out(`dry run of ${space.name} on ${backend.backend}: ${report.searchableLayers} searchable layers (${report.architectures.count} ≈ 10^${report.architectures.log10.toFixed(1)} architectures), ${report.candidateModels} candidate blocks, ${(report.trainableParameters / 1e6).toFixed(1)} M trainable parameters`);
  io.out(`  build ${buildSeconds.toFixed(1)} s; one training step (batch ${batch}, ${mode}) ${stepSeconds.toFixed(1)} s, loss ${lossValue.toFixed(3)}`);
  io.out(`  memory: ${(report.tensorBytes / 2 ** 20).toFixed(0)} MiB in tensors, ${(report.residentSetBytes / 2 ** 20).toFixed(0)} MiB resident`);
}
