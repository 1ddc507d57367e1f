import type { OpSpecRegistry } from '@fbnas/core';
import type { TrainArchitectureConfig, TrainEpochLog } from '@fbnas/train';
import { trainDataParallel } from '../evaluation/train-data-parallel';
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
    /** The `--ops` module's path, for data-parallel threads (which import it themselves). */
    opsModule?: string;
    /** Training config fields from flags (batch size and the recipe: optimizer, learning rate, mixup, …). */
    config?: Partial<TrainArchitectureConfig>;
    /** Worker threads of data-parallel training (default 1: this thread). */
    dataParallel?: number;
  },
  io: CliIo,
): Promise<void> {
  checkDataFlag('train', flags.data);
  const onEpoch = (log: TrainEpochLog) => io.error(`epoch ${log.epoch + 1}/${flags.epochs}: loss ${log.loss.toFixed(4)} accuracy ${log.accuracy.toFixed(4)} (${log.seconds.toFixed(0)} s)`);
  const result = await ((flags.dataParallel ?? 1) > 1
    ? trainDataParallel({
      architecture: flags.arch, ...(flags.opsModule === undefined ? {} : { opsModule: flags.opsModule }), data: flags.data, out: flags.out, epochs: flags.epochs,
      seed: flags.seed, ...(flags.trainImages === undefined ? {} : { trainImages: flags.trainImages }), force: flags.force, config: flags.config ?? {},
    }, flags.dataParallel!, (m) => io.error(m), onEpoch)
    : trainWorkflow({
      architecture: flags.arch, ops: flags.ops, data: flags.data, out: flags.out, epochs: flags.epochs, seed: flags.seed, trainImages: flags.trainImages, force: flags.force,
      config: flags.config ?? {},
      onMessage: (m) => io.error(m),
      onEpoch,
    }).then((trained) => {
      trained.model.dispose();
      return trained;
    })).catch((error: unknown) => {
    throw explainRunError(error);
  });
  if (flags.json) io.out(JSON.stringify({ out: flags.out, architecture: result.architecture, testAccuracy: result.testAccuracy, measuredLatencyUs: result.measuredLatencyUs }));
  else io.out(`${result.architecture}: test accuracy ${(result.testAccuracy * 100).toFixed(2)} %, batch-1 latency ${(result.measuredLatencyUs / 1000).toFixed(2)} ms; model in ${flags.out}/model`);
}
