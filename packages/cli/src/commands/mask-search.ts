import { getBackend } from '@tensorflow/tfjs-core';
import type { MaskSearchSpace } from '@fbnas/search-space';
import type { CliIo } from '../cli-io';
import { searchStepProgress } from '../progress-bar';
import { explainRunError } from '../run-errors';
import { thetaConcentration, thetaConcentrationLine } from '../theta-concentration';
import { explainWasmMemoryError } from '../wasm-memory-error';
import { maskSearchWorkflow } from '../workflows/mask-search-workflow';
import { reportAfterRun } from './report';
import { maskSearchTarget, type SearchFlags } from './search-flags';

/** `fbnas search --space <mask space>`: FBNetV2's DMaskingNAS search toward `--target-macs`/`--target-params`, then its report. */
export async function maskSearchCommand(flags: SearchFlags, space: MaskSearchSpace, io: CliIo): Promise<void> {
  const target = maskSearchTarget(flags);
  const unit = target?.mode === 'params' ? 'weights' : 'MACs';
  const outcome = await maskSearchWorkflow({
    space, ops: flags.ops, data: flags.data, out: flags.out, epochs: flags.epochs, seed: flags.seed, batchSize: flags.batchSize,
    trainImages: flags.trainImages, target, lambda: flags.lambda,
    onMessage: (m) => io.error(m),
    onStep: searchStepProgress(),
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
    throw explainRunError(explainWasmMemoryError(error, `fbnas search --space ${flags.space.file ?? space.name}`, getBackend()));
  });
  const { derived } = outcome;
  const report = await reportAfterRun(flags.out, io, flags.ops);
  const concentration = thetaConcentration(outcome.result.probabilities);
  if (flags.json) {
    io.out(JSON.stringify({ out: flags.out, theta: concentration, sample: derived.sample, description: derived.description, macs: derived.macs, weights: derived.weights, target: derived.target, targetError: derived.targetError, report }, null, 2));
    return;
  }
  io.out(`search finished: ${flags.out}`);
  io.out(`  argmax: ${derived.description}`);
  io.out(`  ${(derived.macs / 1e6).toFixed(3)} M MACs, ${(derived.weights / 1e6).toFixed(3)} M weights` +
    (derived.targetError === null ? '' : `; ${(derived.targetError * 100).toFixed(1)} % from the target`));
  io.out(thetaConcentrationLine(concentration, 'more θ steps (--epochs, --train-images) concentrate it'));
  io.out(`argmax architecture: ${flags.out}/architecture.json (retrain with: fbnas train --arch ${flags.out}/architecture.json)`);
  if (report) io.out(`report: ${report}`);
}
