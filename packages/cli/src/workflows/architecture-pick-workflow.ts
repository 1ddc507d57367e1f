import { join } from 'node:path';
import { scalar, tidy } from '@tensorflow/tfjs-core';
import { FBNET_LATENCY_LOSS, latencyAwareLoss, openRunConfig, writeJsonAtomic, type LatencyLossForm } from '@fbnas/train';
import { pickTrainingSettings, trainPickCandidate, type PickTraining } from './pick-training';
import { withRunFolder } from './run-folder';
import { runMetadata } from './run-metadata';
import { searchWorkflow, type DerivedArchitecture, type SearchWorkflowOptions, type SearchWorkflowResult } from './search-workflow';

/** Options of `architecturePickWorkflow`: a DNAS search's, plus how the candidates are trained. */
export interface ArchitecturePickWorkflowOptions extends SearchWorkflowOptions {
  pick?: PickTraining;
}

/** One derived architecture of the search (the argmax or a sample of P_θ) after its short training. */
export interface ArchitectureCandidate {
  derived: DerivedArchitecture;
  /** The training's run folder (`<out>/pick/<name>`). */
  folder: string;
  /** Top-1 on the held-out training images after the short training. */
  validationAccuracy: number;
  /**
   * What the pick minimises: the search's loss with the held-out error rate in place of the cross-entropy, e.g.
   * `(1 − validationAccuracy) · α · (ln LAT)^β` with LAT the table's prediction.
   */
  objective: number;
  /** Top-1 on the test set of the same training (recorded, never used to pick). */
  testAccuracy: number;
  /** Batch-1 latency measured after the training (µs). */
  measuredLatencyUs: number;
}

/** What `architecturePickWorkflow` produced (also `<out>/pick/architecture-pick.json`). */
export interface ArchitecturePickResult {
  candidates: ArchitectureCandidate[];
  /** The picked candidate's name (`argmax`, `sample-1`, …). */
  picked: string;
  /** The search the candidates came from. */
  search: SearchWorkflowResult;
}

/**
 * FBNet's last step (`fbnas search --pick-architecture train`): after the DNAS search, the argmax of θ and the
 * `samples` architectures drawn from P_θ (the paper samples 6; duplicates are trained once) are each trained briefly
 * from scratch on the training images less a held-out share, and the one that minimises the search's own loss, with
 * the held-out error rate standing in for the cross-entropy (`objective`; at β 0 the most accurate, ties to the
 * lower predicted cost), is kept. The test set is evaluated and recorded, never used to pick.
 *
 * The search is the ordinary run in `out` (its `architecture.json` stays the argmax); the trainings run in
 * `<out>/pick/<name>`, and `<out>/pick/` holds its own `config.json`, `architecture-pick.json` and the picked
 * `architecture.json`. Every part resumes.
 */
export async function architecturePickWorkflow(options: ArchitecturePickWorkflowOptions): Promise<ArchitecturePickResult> {
  const say = options.onMessage ?? (() => {});
  if (!Number.isInteger(options.samples ?? 5) || (options.samples ?? 5) < 1) {
    throw new Error(`architecture pick: samples must be an integer ≥ 1 (the argmax is compared with that many draws of P_θ), got ${options.samples}`);
  }
  const search = await searchWorkflow(options);
  if (search.result.epochsCompleted < options.epochs) {
    throw new Error(`architecture pick: the search in ${options.out} stopped after epoch ${search.result.epochsCompleted}; re-run to resume`);
  }
  const pick = pickTrainingSettings(options.pick, options.trainImages);
  const form: LatencyLossForm = options.config?.loss ?? FBNET_LATENCY_LOSS;
  const folder = join(options.out, 'pick');
  // The loss is the search's, which the search's own config.json already holds to.
  const given = { architecturePick: { ...pick, trainImages: pick.trainImages ?? null, samples: options.samples ?? 5, seed: options.seed } };
  return withRunFolder(folder, given, async () => {
    await openRunConfig(join(folder, 'config.json'), given, { extra: { kind: 'dnas-architecture-pick', search: options.out, ...(await runMetadata()) } });
    const keys = search.architectures.map((a) => JSON.stringify(a.sample));
    const unique = search.architectures.filter((_, i) => keys.indexOf(keys[i]!) === i);
    const candidates: ArchitectureCandidate[] = [];
    for (const derived of unique) {
      const out = join(folder, derived.name);
      say(`${derived.name}: ${Object.values(derived.sample).join(' ')}; training it ${pick.epochs} epoch${pick.epochs === 1 ? "" : "s"} in ${out}`);
      const trained = await trainPickCandidate({ architecture: derived.architecture, ops: options.ops, data: options.data, out, seed: options.seed, training: pick, onMessage: say });
      const objective = pickObjective(1 - trained.validationAccuracy!, derived.predictedCost, form);
      candidates.push({ derived, folder: out, validationAccuracy: trained.validationAccuracy!, objective, testAccuracy: trained.testAccuracy, measuredLatencyUs: trained.measuredLatencyUs });
      say(`${derived.name}: held-out accuracy ${(trained.validationAccuracy! * 100).toFixed(2)} %, predicted ${derived.predictedCost.toFixed(0)} ${derived.costUnit}, objective ${objective.toPrecision(4)}`);
    }
    const best = candidates.reduce((a, b) => (b.objective < a.objective || (b.objective === a.objective && b.derived.predictedCost < a.derived.predictedCost) ? b : a));
    await writeJsonAtomic(join(folder, 'architecture-pick.json'), { picked: best.derived.name, pick, loss: form, candidates });
    await writeJsonAtomic(join(folder, 'architecture.json'), best.derived.architecture);
    return { candidates, picked: best.derived.name, search };
  });
}

/** The search's loss form on numbers, with `error` (held-out error rate) in place of the cross-entropy. */
function pickObjective(error: number, cost: number, form: LatencyLossForm): number {
  return tidy(() => latencyAwareLoss(scalar(error), scalar(cost), form).dataSync()[0]!);
}
