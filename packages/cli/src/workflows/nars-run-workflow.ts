import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evolveParetoSet, kendallTau, macsBudgets, sampleJointSpace, type JointConstraints, type JointSample, type JointSpace, type SampledPair } from '@fbnas/nars';
import { createNarsPredictor, saveNarsPredictor, type NarsPredictor } from '@fbnas/nars/predictor';
import type { WorkerInfo } from '@fbnas/evaluator';
import { appendJsonLine, readJsonLines, writeJsonAtomic } from '@fbnas/train';
import { withRunFolder } from './run-folder';

/** One candidate's training: its validation accuracy after every epoch, and where and how it ran. */
export interface CandidateTraining {
  accuracies: number[];
  /** Who trained it with what (worker host and pid, versions), the job's SHA-256 and its wall time (ms). */
  evaluation?: { worker: WorkerInfo; jobSha256: string; durationMs: number; attempts: number };
}

/**
 * Trains one candidate for `epochs` epochs. The workflow calls it for a whole batch at once; it may run them in
 * parallel (an `Evaluator`'s pool) or one after another.
 */
export type CandidateTrainer = (pair: SampledPair, epochs: number, id: number) => Promise<CandidateTraining>;

/** One trained candidate (a line of `candidates.jsonl`). */
export interface NarsCandidate {
  /** Index of its pair in the QMC pool. */
  id: number;
  /** 0 for the fully trained first batch, then 1, 2, … */
  iteration: number;
  sample: JointSample;
  macs: number;
  params: number;
  /** Epochs trained. */
  epochs: number;
  /** Validation accuracy after each epoch. */
  accuracies: number[];
  /** Where and how it was trained (absent for trainers that do not say). */
  evaluation?: CandidateTraining['evaluation'];
  /** A predictor's pick (iteration ≥ 1): the accuracy the predictor gave it before it was trained. */
  predicted?: number;
}

/** One pair of the evolved Pareto set (`<out>/evolved.json`). */
export interface EvolvedPair {
  /** The MAC budget it was evolved under. */
  maxMacs: number;
  macs: number;
  params: number;
  /** The final predictor's accuracy for it. */
  predicted: number;
  /** Whether no other evolved pair has a higher predicted accuracy at no more MACs. */
  onFront: boolean;
  sample: JointSample;
}

/** Settings of `narsRunWorkflow` (recorded in config.json and compared on resume). */
export interface NarsRunSettings {
  seed: number;
  constraints: JointConstraints;
  /** QMC pool size (default 64). */
  pool: number;
  /** Candidates of the first batch, trained fully (default 6). */
  firstBatch: number;
  /** Iterations after the first batch (default 2). */
  iterations: number;
  /** Candidates per iteration, picked by predicted score (default 3). */
  perIteration: number;
  /** Rank correlation (Kendall τ) with the final accuracy that fixes the early-stop epoch (default 0.92). */
  threshold: number;
  /** Free architectures the predictor is pretrained on (default 10 000). */
  pretrainCount: number;
  pretrainEpochs: number;
  frozenEpochs: number;
  unfrozenEpochs: number;
}

/** Options of `narsRunWorkflow`. */
export interface NarsRunOptions extends Partial<NarsRunSettings> {
  space: JointSpace;
  /** Run folder: config.json, candidates.jsonl, state.json, predictor/, result.json. */
  out: string;
  train: CandidateTrainer;
  /**
   * MAC budgets the final predictor evolves a pair for (the pool's MACs at the quantiles 1/n … 1; default 5, 0 for
   * none): the evolved Pareto set, `<out>/evolved.json`. It does not change the candidates, so it is not compared on resume.
   */
  paretoBudgets?: number;
  onMessage?: (message: string) => void;
}

/** What a NARS run produced (also `<out>/result.json`, the predictor in `<out>/predictor`). */
export interface NarsRunResult {
  earlyStopEpoch: number;
  /** Kendall τ of the accuracy at each epoch with the final one, over the first batch (index 0 = epoch 1). */
  correlations: number[];
  candidates: NarsCandidate[];
  /** The candidate with the best accuracy at the early-stop epoch. */
  best: NarsCandidate;
  /** The evolved Pareto set, by budget (also `<out>/evolved.json`). */
  evolved: EvolvedPair[];
}

/**
 * FBNetV3's constrained iterative optimization (fbnet-methods §3.5): a QMC pool of architecture–recipe pairs within
 * the constraints; the first batch is trained fully (all its candidates handed to the trainer at once, so a pool trains them in parallel) and fixes the early-stop epoch (the first epoch whose accuracies
 * rank the batch like the final ones, Kendall τ ≥ `threshold`); the predictor is pretrained on free MACs/params and
 * fitted to the accuracies at that epoch; each iteration trains the `perIteration` best-predicted untrained pairs to
 * the early-stop epoch and refits the predictor. Every finished candidate is appended to `candidates.jsonl` before the
 * next starts, and predictor fits are replayed deterministically on resume, so re-running on a killed run's folder
 * trains no finished candidate twice and picks the same candidates. The folder is locked while it runs.
 */
export async function narsRunWorkflow(options: NarsRunOptions): Promise<NarsRunResult> {
  const settings: NarsRunSettings = {
    seed: options.seed ?? 0, constraints: options.constraints ?? {}, pool: options.pool ?? 64, firstBatch: options.firstBatch ?? 6,
    iterations: options.iterations ?? 2, perIteration: options.perIteration ?? 3, threshold: options.threshold ?? 0.92,
    pretrainCount: options.pretrainCount ?? 10_000, pretrainEpochs: options.pretrainEpochs ?? 20, frozenEpochs: options.frozenEpochs ?? 50,
    unfrozenEpochs: options.unfrozenEpochs ?? 50,
  };
  const { space, out } = options;
  const say = options.onMessage ?? (() => undefined);
  const given = { nars: settings, space: space.definition };
  return withRunFolder(out, given, async () => {
    const configPath = join(out, 'config.json');
    if (!existsSync(configPath)) await writeJsonAtomic(configPath, given);
    const logPath = join(out, 'candidates.jsonl');
    const done = new Map<number, NarsCandidate>();
    if (existsSync(logPath)) {
      const log = await readJsonLines<NarsCandidate>(logPath);
      for (const record of log.records) done.set(record.id, record);
      // A candidate killed while its line was written is dropped (it trains again); the log is rewritten whole.
      if (log.tornLastLine) await writeFile(logPath, log.records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    }
    if (done.size > 0) say(`${out}: resuming with ${done.size} trained candidates`);
    const pool = sampleJointSpace(space, { count: settings.pool, seed: settings.seed, constraints: settings.constraints }).pairs;
    let appended: Promise<void> = Promise.resolve();
    const trainOne = async (id: number, iteration: number, epochs: number, predicted?: number): Promise<NarsCandidate> => {
      const existing = done.get(id);
      if (existing !== undefined) return existing;
      const pair = pool[id]!;
      say(`candidate ${id} (iteration ${iteration}): ${epochs} epochs, ${(pair.macs / 1e6).toFixed(3)} M MACs`);
      const { accuracies, evaluation } = await options.train(pair, epochs, id);
      const record: NarsCandidate = {
        id, iteration, sample: pair.sample, macs: pair.macs, params: pair.params, epochs, accuracies,
        ...(evaluation === undefined ? {} : { evaluation }), ...(predicted === undefined ? {} : { predicted }),
      };
      // Lines are appended one at a time, in the order candidates finish.
      appended = appended.then(() => appendJsonLine(logPath, record));
      await appended;
      done.set(id, record);
      return record;
    };
    // A batch's candidates are handed to the trainer at once; when one fails, the others still finish (and are
    // logged) before the error is thrown, so a re-run trains only what is missing.
    const trainBatch = async (batch: { id: number; epochs: number; predicted?: number }[], iteration: number): Promise<NarsCandidate[]> => {
      const settled = await Promise.allSettled(batch.map(({ id, epochs, predicted }) => trainOne(id, iteration, epochs, predicted)));
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
      return settled.map((outcome) => (outcome as PromiseFulfilledResult<NarsCandidate>).value);
    };

    const firstIds = pool.slice(0, settings.firstBatch).map((pair, id) => ({ id, epochs: pair.sample.recipe.epochs }));
    const first = await trainBatch(firstIds, 0);
    const { epoch: earlyStopEpoch, correlations } = earlyStop(first, settings.threshold);
    await writeJsonAtomic(join(out, 'state.json'), { earlyStopEpoch, correlations });
    say(`early-stop epoch ${earlyStopEpoch} (Kendall τ with the final accuracy per epoch: ${correlations.map((c) => c.toFixed(2)).join(', ')})`);

    const label = (c: NarsCandidate) => ({ sample: c.sample, accuracy: c.accuracies[Math.min(earlyStopEpoch, c.accuracies.length) - 1]! });
    const predictor = createNarsPredictor(space, { seed: settings.seed });
    try {
      const free = sampleJointSpace(space, { count: settings.pretrainCount, seed: settings.seed + 1, constraints: settings.constraints, maxDraws: 64 * settings.pretrainCount });
      predictor.pretrain(free.pairs, { epochs: settings.pretrainEpochs });
      const candidates = [...first];
      for (let iteration = 1; iteration <= settings.iterations; iteration++) {
        refit(predictor, candidates.map(label), settings);
        const untrained = pool.map((pair, id) => ({ pair, id })).filter(({ id }) => !candidates.some((c) => c.id === id));
        if (untrained.length === 0) break;
        const scores = predictor.predictAccuracy(untrained.map(({ pair }) => pair.sample));
        const picked = untrained.map((entry, i) => ({ ...entry, score: scores[i]! })).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, settings.perIteration);
        candidates.push(...(await trainBatch(picked.map(({ id, pair, score }) => ({ id, epochs: Math.min(earlyStopEpoch, pair.sample.recipe.epochs), predicted: score })), iteration)));
      }
      refit(predictor, candidates.map(label), settings);
      await saveNarsPredictor(predictor, join(out, 'predictor'));
      const best = candidates.reduce((a, b) => (label(b).accuracy > label(a).accuracy ? b : a));
      const evolved = evolvedParetoSet(space, predictor, pool, settings, options.paretoBudgets ?? 5);
      if (evolved.length > 0) {
        await writeJsonAtomic(join(out, 'evolved.json'), { seed: settings.seed, constraints: settings.constraints, pairs: evolved });
        say(`evolved Pareto set: ${evolved.filter((p) => p.onFront).map((p) => `${(p.macs / 1e6).toFixed(3)} M MACs → ${(p.predicted * 100).toFixed(1)} %`).join(', ')} (predicted)`);
      }
      const result: NarsRunResult = { earlyStopEpoch, correlations, candidates, best, evolved };
      await writeJsonAtomic(join(out, 'result.json'), result);
      return result;
    } finally {
      predictor.dispose();
    }
  });
}

/** The first epoch whose accuracies rank the batch like the final ones (Kendall τ ≥ threshold), and every τ. */
export function earlyStop(batch: readonly NarsCandidate[], threshold: number): { epoch: number; correlations: number[] } {
  const longest = Math.max(...batch.map((c) => c.accuracies.length));
  const final = batch.map((c) => c.accuracies.at(-1)!);
  const correlations: number[] = [];
  for (let epoch = 1; epoch <= longest; epoch++) {
    correlations.push(batch.length < 2 ? 1 : kendallTau(batch.map((c) => c.accuracies[Math.min(epoch, c.accuracies.length) - 1]!), final));
  }
  const index = correlations.findIndex((tau) => tau >= threshold);
  return { epoch: index < 0 ? longest : index + 1, correlations };
}

/** The final predictor's evolved pair for each of `count` MAC budgets spread over the pool (`evolveParetoSet`). */
function evolvedParetoSet(space: JointSpace, predictor: NarsPredictor, pool: readonly SampledPair[], settings: NarsRunSettings, count: number): EvolvedPair[] {
  if (count === 0) return [];
  const set = evolveParetoSet(space, (samples) => predictor.predictAccuracy(samples), macsBudgets(pool.map((p) => p.macs), count), {
    constraints: settings.constraints, seed: settings.seed,
  });
  return set.budgets.map(({ maxMacs, best }) => ({
    maxMacs, macs: best.macs, params: best.params, predicted: best.score, onFront: set.front.includes(best), sample: best.sample,
  }));
}

function refit(predictor: NarsPredictor, examples: { sample: JointSample; accuracy: number }[], settings: NarsRunSettings): void {
  if (examples.length >= 2) predictor.fitAccuracy(examples, { frozenEpochs: settings.frozenEpochs, unfrozenEpochs: settings.unfrozenEpochs });
}
