import type { OpSpecRegistry } from '@fbnas/core';
import type { TrainArchitectureConfig } from '@fbnas/train';
import type { CliIo } from '../cli-io';
import { explainRunError } from '../run-errors';
import { checkDataFlag } from '../workflows/load-data';
import { trainWorkflow } from '../workflows/train-workflow';

/**
 * `fbnas train --arch FILE [--ops MODULE]`: train from scratch, evaluate, measure latency, save the model. Re-running
 * on the same `--out` resumes an interrupted run; a finished one is kept unless `--force`. `ops`: the registry the
 * architecture's ops resolve to (default: the built-ins).
 */
export async function trainCommand(
  flags: {
    arch: string; data: string; out: string; epochs: number; seed: number; trainImages?: number; force: boolean; json: boolean; ops?: OpSpecRegistry;
    /** Training config fields from flags (batch size and the recipe: optimizer, learning rate, mixup, …). */
    config?: Partial<TrainArchitectureConfig>;
  },
  io: CliIo,
): Promise<void> {
  checkDataFlag('train', flags.data);
  const result = await trainWorkflow({
    architecture: flags.arch, ops: flags.ops, data: flags.data, out: flags.out, epochs: flags.epochs, seed: flags.seed, trainImages: flags.trainImages, force: flags.force,
    config: flags.config ?? {},
    onMessage: (m) => io.error(m),
    onEpoch: (log) => io.error(`epoch ${log.epoch + 1}/${flags.epochs}: loss ${log.loss.toFixed(4)} accuracy ${log.accuracy.toFixed(4)} (${log.seconds.toFixed(0)} s)`),
  }).catch((error: unknown) => {
    throw explainRunError(error);
  });
  result.model.dispose();
  if (flags.json) io.out(JSON.stringify({ out: flags.out, architecture: result.architecture, testAccuracy: result.testAccuracy, measuredLatencyUs: result.measuredLatencyUs }));
  else io.out(`${result.architecture}: test accuracy ${(result.testAccuracy * 100).toFixed(2)} %, batch-1 latency ${(result.measuredLatencyUs / 1000).toFixed(2)} ms; model in ${flags.out}/model`);
}
