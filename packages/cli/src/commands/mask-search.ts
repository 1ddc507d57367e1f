import { add, dispose, getBackend, losses, memory, oneHot, randomNormal, randomUniform, variableGrads, type Scalar, type Tensor2D } from '@tensorflow/tfjs-core';
import { gumbelSoftmax } from '@fbnas/gumbel';
import { countMaskArchitectures, loadMaskSpace } from '@fbnas/search-space';
import { createMaskedSupernet, latencyAwareLoss, maskedCost, type LatencyLossForm } from '@fbnas/train';
import type { CliIo } from '../cli-io';
import { progressBar } from '../progress-bar';
import { maskSearchWorkflow, type MaskSearchTarget } from '../workflows/mask-search-workflow';
import type { SearchFlags } from './search-flags';
import { explainWasmMemoryError } from '../wasm-memory-error';
import { explainRunError } from '../run-errors';
import { reportAfterRun } from './report';

/** `fbnas search --space <mask space>`: FBNetV2's DMaskingNAS search toward `--target-macs`/`--target-params`. */
export async function maskSearchCommand(flags: SearchFlags, io: CliIo): Promise<void> {
  const target: MaskSearchTarget | undefined = flags.targetMacs !== undefined
    ? { mode: 'flops', value: flags.targetMacs }
    : flags.targetParams !== undefined ? { mode: 'params', value: flags.targetParams } : undefined;
  if (flags.dryRun) return dryRun(flags, target, io);
  const unit = target?.mode === 'params' ? 'weights' : 'MACs';
  const outcome = await maskSearchWorkflow({
    space: flags.space, data: flags.data, out: flags.out, epochs: flags.epochs, seed: flags.seed, batchSize: flags.batchSize,
    trainImages: flags.trainImages, target, lambda: flags.lambda,
    onMessage: (m) => io.error(m),
    onStep: (phase, epoch, step, steps) => {
      if (process.stderr.isTTY) progressBar(`epoch ${epoch + 1} ${phase === 'weights' ? 'weights' : 'θ'}`, process.stderr, 'steps').update(step + 1, steps);
    },
    onEpoch: (log) => {
      const argmax = (log.annotations ?? {}) as { argmaxMacs?: number; argmaxWeights?: number };
      const argmaxCost = unit === 'weights' ? argmax.argmaxWeights : argmax.argmaxMacs;
      io.error(
        `${process.stderr.isTTY ? '\r' : ''}epoch ${log.epoch + 1}/${flags.epochs}: loss ${log.weightLoss.toFixed(4)} acc ${log.weightAccuracy.toFixed(3)} | ` +
          `θ acc ${log.architectureAccuracy?.toFixed(3) ?? '-'} | τ ${log.temperature.toFixed(3)} | E[${unit}] ${(log.expectedLatency / 1e6).toFixed(3)} M | ` +
          `argmax ${((argmaxCost ?? 0) / 1e6).toFixed(3)} M${target ? ` (target ${(target.value / 1e6).toFixed(3)} M)` : ''} | ${log.seconds.toFixed(0)} s`,
      );
    },
  }).catch((error: unknown) => {
    throw explainRunError(explainWasmMemoryError(error, `fbnas search --space ${flags.space}`, getBackend()));
  });
  const { derived } = outcome;
  const report = await reportAfterRun(flags.out, io);
  if (flags.json) {
    io.out(JSON.stringify({ out: flags.out, sample: derived.sample, description: derived.description, macs: derived.macs, weights: derived.weights, target: derived.target, targetError: derived.targetError, report }, null, 2));
    return;
  }
  io.out(`search finished: ${flags.out}`);
  io.out(`  argmax: ${derived.description}`);
  io.out(`  ${(derived.macs / 1e6).toFixed(3)} M MACs, ${(derived.weights / 1e6).toFixed(3)} M weights` +
    (derived.targetError === null ? '' : `; ${(derived.targetError * 100).toFixed(1)} % from the target`));
  io.out(`argmax architecture: ${flags.out}/architecture.json (retrain with: fbnas train --arch ${flags.out}/architecture.json)`);
  if (report) io.out(`report: ${report}`);
}

async function dryRun(flags: SearchFlags, target: MaskSearchTarget | undefined, io: CliIo): Promise<void> {
  const backend = { backend: getBackend() };
  const space = loadMaskSpace(flags.space);
  const started = performance.now();
  const supernet = createMaskedSupernet(space, flags.seed);
  const buildSeconds = (performance.now() - started) / 1000;
  const batch = flags.batchSize ?? 8;
  const x = randomNormal([batch, space.inputSize, space.inputSize, space.inputChannels]);
  const y = oneHot(randomUniform([batch], 0, space.numClasses, 'int32'), space.numClasses);
  const loss: LatencyLossForm = target ? { kind: 'budget', lambda: flags.lambda ?? 10, target: target.value } : { kind: 'multiplicative', alpha: 0.2, beta: 0.6 };
  const stepStart = performance.now();
  let cost = 0;
  const step = () => variableGrads(() => {
    const mask = gumbelSoftmax(add(supernet.theta, supernet.thetaMask), { temperature: 5, seed: flags.seed }) as Tensor2D;
    const logits = supernet.forward(x, { mask, training: true, mode: 'all' });
    const ce = losses.softmaxCrossEntropy(y, logits) as Scalar;
    const expected = maskedCost(supernet.plan, mask, target?.mode ?? 'flops');
    cost = expected.dataSync()[0]!;
    return latencyAwareLoss(ce, expected, loss);
  }, [...supernet.weights, supernet.theta]);
  let outcome: ReturnType<typeof step>;
  try {
    outcome = step();
  } catch (error) {
    throw explainWasmMemoryError(error, `fbnas search --space ${space.name} --dry-run (batch ${batch}, ${space.resolutions.length} resolution paths)`, backend.backend);
  }
  const { value, grads } = outcome;
  const lossValue = value.dataSync()[0]!;
  const stepSeconds = (performance.now() - stepStart) / 1000;
  const tensorMemory = memory();
  const report = {
    space: space.name, backend: backend.backend, log10Architectures: countMaskArchitectures(space), batchSize: batch,
    searchableLayers: space.layers.length, choiceRows: supernet.layerIds.length,
    trainableParameters: supernet.weights.reduce((s, w) => s + w.size, 0), buildSeconds, stepSeconds, loss: lossValue, expectedCost: cost,
    tensorBytes: tensorMemory.numBytes, numTensors: tensorMemory.numTensors, residentSetBytes: process.memoryUsage().rss,
  };
  dispose([value, x, y, ...Object.values(grads)]);
  supernet.dispose();
  if (flags.json) {
    io.out(JSON.stringify(report, null, 2));
    return;
  }
  io.out(`dry run of ${space.name} (masked supernet) on ${backend.backend}: ${report.searchableLayers} searchable layers, ${report.choiceRows} searched dimensions (≈ 10^${report.log10Architectures.toFixed(1)} architectures), ${(report.trainableParameters / 1e6).toFixed(2)} M trainable parameters`);
  io.out(`  build ${buildSeconds.toFixed(1)} s; one training step (batch ${batch}) ${stepSeconds.toFixed(1)} s, loss ${lossValue.toFixed(3)}, effective cost ${(cost / 1e6).toFixed(2)} M ${target?.mode === 'params' ? 'weights' : 'MACs'}`);
  io.out(`  memory: ${(report.tensorBytes / 2 ** 20).toFixed(0)} MiB in tensors, ${(report.residentSetBytes / 2 ** 20).toFixed(0)} MiB resident`);
}
