import { join } from 'node:path';
import type { SearchSpace } from '@fbnas/search-space';
import type { LatencyLossForm, SearchEpochLog } from '@fbnas/train';
import { searchDataParallel } from '../evaluation/search-data-parallel';
import type { CliIo } from '../cli-io';
import { searchStepProgress } from '../progress-bar';
import { thetaConcentration, thetaConcentrationLine } from '../theta-concentration';
import { explainRunError } from '../run-errors';
import { architecturePickWorkflow } from '../workflows/architecture-pick-workflow';
import { SEARCH_RECIPES } from '../workflows/search-recipes';
import { searchWorkflow } from '../workflows/search-workflow';
import { reportAfterRun } from './report';
import { thetaTemperatureConfig, type SearchFlags } from './search-flags';

/**
 * `fbnas search` on a DNAS space: FBNet's search (resumes when `--out` holds an interrupted run; on `--data-parallel N`
 * threads when given), then its report; with `--pick-architecture train`, FBNet's last step after it: the argmax
 * and the sampled architectures each trained briefly, one kept (`architecturePickWorkflow`).
 */
export async function dnasSearchCommand(flags: SearchFlags, space: SearchSpace, io: CliIo): Promise<void> {
  const loss: LatencyLossForm = { kind: 'multiplicative', alpha: flags.alpha ?? 0.2, beta: flags.beta ?? 0.6 };
  const config = { ...SEARCH_RECIPES[flags.recipe ?? 'paper'], loss, ...thetaTemperatureConfig(flags) };
  const onMessage = (m: string) => io.error(m);
  const onStep = searchStepProgress();
  const onEpoch = (log: SearchEpochLog) => io.error(`${process.stderr.isTTY ? '\r' : ''}epoch ${log.epoch + 1}/${flags.epochs}: loss ${log.weightLoss.toFixed(4)} acc ${log.weightAccuracy.toFixed(3)} | θ acc ${log.architectureAccuracy?.toFixed(3) ?? '-'} | τ ${log.temperature.toFixed(3)} | E[LAT] ${log.expectedLatency.toFixed(0)} | ${log.seconds.toFixed(0)} s`);
  const given = {
    data: flags.data, out: flags.out, epochs: flags.epochs, seed: flags.seed, ...defined({ batchSize: flags.batchSize, mode: flags.mode, trainImages: flags.trainImages, cost: flags.cost, lut: flags.lut, samples: flags.samples }), config,
  };
  const pick = flags.pickArchitecture === 'train'
    ? await architecturePickWorkflow({ space, ops: flags.ops, ...given, pick: { epochs: flags.pickEpochs }, onMessage, onStep, onEpoch }).catch(explain)
    : null;
  const outcome = pick ? pick.search : await ((flags.dataParallel ?? 1) > 1
    ? searchDataParallel({
      job: 'search', space: flags.space.file ?? space.name, ...defined({ opsModule: flags.opsModule }), ...given,
    }, flags.dataParallel!, { onMessage, onStep, onEpoch })
    : searchWorkflow({ space, ops: flags.ops, ...given, onMessage, onStep, onEpoch })).catch(explain);
  const report = await reportAfterRun(flags.out, io, flags.ops);
  const concentration = thetaConcentration(outcome.result.probabilities);
  if (flags.json) {
    const architecturePick = pick && {
      picked: pick.picked, architecture: join(flags.out, 'pick', 'architecture.json'),
      candidates: pick.candidates.map((c) => ({ name: c.derived.name, validationAccuracy: c.validationAccuracy, objective: c.objective, testAccuracy: c.testAccuracy, measuredLatencyUs: c.measuredLatencyUs })),
    };
    io.out(JSON.stringify({ out: flags.out, argmax: outcome.result.argmax, theta: concentration, architectures: outcome.architectures.map(({ name, sample, predictedCost, costUnit, macs }) => ({ name, sample, predictedCost, costUnit, macs })), ...(architecturePick ? { architecturePick } : {}), report }, null, 2));
    return;
  }
  io.out(`search finished: ${flags.out}`);
  for (const a of outcome.architectures) {
    io.out(`  ${a.name.padEnd(9)} predicted ${a.predictedCost.toFixed(0)} ${a.costUnit}, ${(a.macs / 1e6).toFixed(2)} M MACs: ${Object.values(a.sample).join(' ')}`);
  }
  io.out(thetaConcentrationLine(concentration, 'more θ steps (--epochs, --train-images), a larger --beta or --recipe small concentrate it'));
  io.out(`argmax architecture: ${flags.out}/architecture.json`);
  if (pick) {
    const epochs = flags.pickEpochs ?? 3;
    io.out(`architectures trained ${epochs} epoch${epochs === 1 ? '' : 's'} each, the lowest search loss on held-out images kept (test accuracy recorded, not used):`);
    for (const c of pick.candidates) {
      io.out(`  ${c.derived.name === pick.picked ? '*' : ' '} ${c.derived.name.padEnd(9)} held-out ${(c.validationAccuracy * 100).toFixed(2)} %, loss ${c.objective.toPrecision(4)}, test ${(c.testAccuracy * 100).toFixed(2)} %, measured ${c.measuredLatencyUs.toFixed(0)} µs`);
    }
    io.out(`picked architecture (${pick.picked}): ${join(flags.out, 'pick', 'architecture.json')}`);
  }
  if (report) io.out(`report: ${report}`);
}

/** A run error with the user's fix added (`explainRunError`). */
function explain(error: unknown): never {
  throw explainRunError(error);
}

/** `fields` without its undefined entries (so the workflows' optional fields stay absent). */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
