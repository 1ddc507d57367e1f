import { getBackend } from '@tensorflow/tfjs-core';
import { loadLatencyModel } from '@fbnas/latency/pure';
import type { MaskSearchSpace } from '@fbnas/search-space';
import type { CliIo } from '../cli-io';
import { searchStepProgress } from '../progress-bar';
import { explainRunError } from '../run-errors';
import { thetaConcentration, thetaConcentrationLine } from '../theta-concentration';
import { explainWasmMemoryError } from '../wasm-memory-error';
import { maskSearchWorkflow, type MaskSearchWorkflowOptions } from '../workflows/mask-search-workflow';
import { resolutionPickWorkflow } from '../workflows/resolution-pick-workflow';
import { reportAfterRun } from './report';
import { maskSearchTarget, thetaTemperatureConfig, type SearchFlags } from './search-flags';

/**
 * `fbnas search --space <mask space>`: FBNetV2's DMaskingNAS search toward `--target-macs`/`--target-params`, then
 * its report; with `--pick-resolution train`, one search per input resolution and the resolution picked by a short
 * training of each (`resolutionPickWorkflow`).
 */
export async function maskSearchCommand(flags: SearchFlags, space: MaskSearchSpace, io: CliIo): Promise<void> {
  const target = maskSearchTarget(flags);
  const unit = target?.mode === 'params' ? 'weights' : target?.mode === 'latency' ? 'µs' : 'MACs';
  // Costs in millions (MACs, weights) or as they are (µs).
  const show = (value: number) => (unit === 'µs' ? `${value.toFixed(0)} µs` : `${(value / 1e6).toFixed(3)} M`);
  const latencyModel = flags.latencyModel === undefined ? undefined : await loadLatencyModel(flags.latencyModel, space).catch((error: Error) => {
    throw new Error(`--latency-model ${flags.latencyModel}: ${error.message.replace(`${flags.latencyModel}: `, '')}`, { cause: error });
  });
  const options: MaskSearchWorkflowOptions = {
    space, ops: flags.ops, data: flags.data, out: flags.out, epochs: flags.epochs, seed: flags.seed, batchSize: flags.batchSize,
    trainImages: flags.trainImages, target, ...(latencyModel === undefined ? {} : { latencyModel }), lambda: flags.lambda, config: thetaTemperatureConfig(flags),
    onMessage: (m) => io.error(m),
    onStep: searchStepProgress(),
    onEpoch: (log) => {
      const argmax = (log.annotations ?? {}) as { argmaxMacs?: number; argmaxWeights?: number; argmaxLatencyUs?: number };
      const argmaxCost = unit === 'weights' ? argmax.argmaxWeights : unit === 'µs' ? argmax.argmaxLatencyUs : argmax.argmaxMacs;
      io.error(
        `${process.stderr.isTTY ? '\r' : ''}epoch ${log.epoch + 1}/${flags.epochs}: loss ${log.weightLoss.toFixed(4)} acc ${log.weightAccuracy.toFixed(3)} | ` +
          `θ acc ${log.architectureAccuracy?.toFixed(3) ?? '-'} | τ ${log.temperature.toFixed(3)} | E[${unit}] ${show(log.expectedLatency)} | ` +
          `argmax ${show(argmaxCost ?? 0)}${target ? ` (target ${show(target.value)})` : ''} | ${log.seconds.toFixed(0)} s`,
      );
    },
  };
  const explain = (error: unknown) => {
    throw explainRunError(explainWasmMemoryError(error, `fbnas search --space ${flags.space.file ?? space.name}`, getBackend()));
  };
  const pick = flags.pickResolution === 'train' ? await resolutionPickWorkflow({ ...options, pick: { epochs: flags.pickEpochs } }).catch(explain) : null;
  const outcome = pick ? pick.search : await maskSearchWorkflow(options).catch(explain);
  const { derived } = outcome;
  // With a resolution pick: the picked resolution's search, after a table comparing the resolutions.
  const report = await reportAfterRun(flags.out, io, flags.ops);
  const concentration = thetaConcentration(outcome.result.probabilities);
  if (flags.json) {
    io.out(JSON.stringify({ out: flags.out, theta: concentration, ...(pick ? { resolutionPick: { picked: pick.picked, candidates: pick.candidates } } : {}), sample: derived.sample, description: derived.description, macs: derived.macs, weights: derived.weights, ...(derived.predictedLatencyUs === undefined ? {} : { predictedLatencyUs: derived.predictedLatencyUs }), target: derived.target, targetError: derived.targetError, report }, null, 2));
    return;
  }
  io.out(`search finished: ${flags.out}`);
  if (pick) {
    io.out(`  input resolution picked by training each resolution's network ${flags.pickEpochs ?? 3} epoch${(flags.pickEpochs ?? 3) === 1 ? '' : 's'} (held-out accuracy; test accuracy recorded, not used):`);
    for (const c of pick.candidates) {
      io.out(`    ${c.resolution === pick.picked ? '*' : ' '} r=${c.resolution}: held-out ${(c.validationAccuracy * 100).toFixed(2)} %, test ${(c.testAccuracy * 100).toFixed(2)} %, ` +
        `${(c.derived.macs / 1e6).toFixed(3)} M MACs, ${(c.measuredLatencyUs / 1000).toFixed(2)} ms (${c.folder})`);
    }
  }
  io.out(`  argmax: ${derived.description}`);
  io.out(`  ${(derived.macs / 1e6).toFixed(3)} M MACs, ${(derived.weights / 1e6).toFixed(3)} M weights` +
    (derived.predictedLatencyUs === undefined ? '' : `, ${derived.predictedLatencyUs.toFixed(0)} µs predicted by the latency model`) +
    (derived.targetError === null ? '' : `; ${(derived.targetError * 100).toFixed(1)} % from the target`));
  io.out(thetaConcentrationLine(concentration, 'more θ steps (--epochs, --train-images) concentrate it'));
  if (!pick && space.resolutions.length > 1) {
    io.out(`  input resolution ${derived.sample.resolution}, chosen by θ (FBNetV2's way); in our Fashion-MNIST sweeps θ chose the middle one at every target, ` +
      'and --pick-resolution train (one search per resolution, picked by a short training) found up to 1.35 points more at the same MACs (docs/benchmarks.md)');
  }
  if (target?.mode === 'flops') {
    io.out('  MACs steer latency only loosely where per-op overhead dominates (small networks on CPUs): `fbnas latency fit --space ' +
      `${flags.space.file ?? space.name}\` and --target-latency US --latency-model FILE steer the latency measured on this machine (docs/benchmarks.md)`);
  }
  io.out(`argmax architecture: ${flags.out}/architecture.json (retrain with: fbnas train --arch ${flags.out}/architecture.json)`);
  if (report) io.out(`report: ${report}`);
}
