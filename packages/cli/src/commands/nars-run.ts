import { join } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import type { JsonValue } from '@fbnas/core';
import { createQueueEvaluator } from '@fbnas/evaluator';
import { createLocalEvaluator } from '../evaluation/local-evaluator';
import { NARS_CANDIDATE_JOB, narsCandidatePayload } from '../evaluation/nars-candidate-job';
import { jointSpaceFromFlag } from '../joint-space-flag';
import { usageError, type CliIo } from '../cli-io';
import { checkDataFlag } from '../workflows/load-data';
import { reportAfterRun } from './report';
import { narsRunWorkflow, type CandidateTrainer } from '../workflows/nars-run-workflow';

/** Flags of `fbnas nars run`. */
export interface NarsRunFlags {
  space: string;
  data: string;
  trainImages?: number;
  targetMacs?: number;
  targetParams?: number;
  pool?: number;
  firstBatch?: number;
  iterations?: number;
  perIteration?: number;
  pretrainCount?: number;
  /** MAC budgets of the evolved Pareto set (default 5; 0 for none). */
  paretoBudgets?: number;
  /** Local worker processes training candidates at once (default: every core). */
  workers?: number;
  /** A Redis URL: candidates go to a BullMQ queue served by `fbnas worker` processes instead of local workers. */
  queue?: string;
  seed: number;
  out: string;
  json: boolean;
}

/**
 * `fbnas nars run --space NAME|FILE --out DIR`: FBNetV3's constrained iterative optimization on real data
 * (`narsRunWorkflow`): every candidate is trained from scratch with its own recipe (a `nars-candidate` job, run by a
 * pool of `--workers` local worker processes, default one per core; each candidate in its own resumable folder
 * `<out>/candidates/<id>`) on 80 % of the training images and scored on the other 20 % after
 * every epoch; the predictor is saved to `<out>/predictor` for `fbnas nars evolve`, its evolved Pareto set (one pair
 * per MAC budget over the pool) to `<out>/evolved.json`, the report to `<out>/report.html`. Re-run on the same `--out`
 * to resume.
 */
export async function narsRunCommand(flags: NarsRunFlags, io: CliIo): Promise<void> {
  if (flags.queue !== undefined && flags.workers !== undefined) throw usageError('nars run', '--queue and --workers exclude each other: queue workers are started with `fbnas worker --queue URL`');
  // The data spec's form is checked here; the workers read the data themselves.
  checkDataFlag('nars run', flags.data);
  await selectBackend({ onWarning: (m) => io.error(m) });
  const space = jointSpaceFromFlag('nars run', flags.space);
  const evaluator = flags.queue === undefined ? createLocalEvaluator({ workers: flags.workers }) : createQueueEvaluator({ url: flags.queue });
  io.error(flags.queue === undefined
    ? `nars run: training candidates in ${evaluator.concurrency} worker process${evaluator.concurrency === 1 ? '' : 'es'}`
    : `nars run: training candidates through the queue at ${flags.queue} (start workers with: fbnas worker --queue ${flags.queue})`);
  const train: CandidateTrainer = async (pair, epochs, id) => {
    const payload = narsCandidatePayload({
      architecture: pair.architecture, recipe: pair.sample.recipe, epochs, data: flags.data, trainImages: flags.trainImages ?? null, seed: flags.seed,
      runFolder: join(flags.out, 'candidates', String(id)),
    });
    const result = await evaluator.evaluate<number[]>({ id: `candidate-${id}`, kind: NARS_CANDIDATE_JOB, payload: payload as unknown as JsonValue }, { onMessage: (m) => io.error(m) });
    const { worker, jobSha256, durationMs, attempts } = result;
    return { accuracies: result.value, evaluation: { worker, jobSha256, durationMs, attempts } };
  };
  const constraints = {
    ...(flags.targetMacs === undefined ? {} : { maxMacs: flags.targetMacs }),
    ...(flags.targetParams === undefined ? {} : { maxParams: flags.targetParams }),
  };
  const result = await narsRunWorkflow({
    space, out: flags.out, train, seed: flags.seed, constraints,
    ...(flags.pool === undefined ? {} : { pool: flags.pool }),
    ...(flags.firstBatch === undefined ? {} : { firstBatch: flags.firstBatch }),
    ...(flags.iterations === undefined ? {} : { iterations: flags.iterations }),
    ...(flags.perIteration === undefined ? {} : { perIteration: flags.perIteration }),
    ...(flags.pretrainCount === undefined ? {} : { pretrainCount: flags.pretrainCount }),
    ...(flags.paretoBudgets === undefined ? {} : { paretoBudgets: flags.paretoBudgets }),
    onMessage: (m) => io.error(m),
  }).finally(() => evaluator.close());
  const report = await reportAfterRun(flags.out, io);
  const accuracyAt = (accuracies: number[]) => accuracies[Math.min(result.earlyStopEpoch, accuracies.length) - 1]!;
  if (flags.json) {
    const evolved = result.evolved.map(({ maxMacs, macs, params, predicted, onFront }) => ({ maxMacs, macs, params, predicted, onFront }));
    io.out(JSON.stringify({ out: flags.out, earlyStopEpoch: result.earlyStopEpoch, correlations: result.correlations, candidates: result.candidates.length, best: result.best, evolved, report: report ?? null }));
    return;
  }
  io.out(`${space.name}: ${result.candidates.length} candidates trained; early-stop epoch ${result.earlyStopEpoch}`);
  io.out(`best: candidate ${result.best.id}, validation accuracy ${(accuracyAt(result.best.accuracies) * 100).toFixed(2)} % at epoch ${Math.min(result.earlyStopEpoch, result.best.accuracies.length)}, ${(result.best.macs / 1e6).toFixed(3)} M MACs`);
  const front = result.evolved.filter((p) => p.onFront);
  if (front.length > 0) io.out(`evolved Pareto set (predicted accuracy): ${front.map((p) => `${(p.macs / 1e6).toFixed(3)} M MACs ${(p.predicted * 100).toFixed(1)} %`).join(', ')} (${join(flags.out, 'evolved.json')})`);
  if (report !== undefined) io.out(`report: ${report}`);
  io.out(`predictor: ${join(flags.out, 'predictor')} (fbnas nars evolve --predictor ${join(flags.out, 'predictor')} --space ${flags.space} --target-macs N)`);
}
