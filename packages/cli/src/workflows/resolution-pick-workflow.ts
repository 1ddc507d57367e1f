import { join } from 'node:path';
import { loadMaskSpace, parseMaskSpace, type MaskSearchSpace } from '@fbnas/search-space';
import { sha256Json } from '@fbnas/core';
import { openRunConfig, writeJsonAtomic } from '@fbnas/train';
import { withRunFolder } from './run-folder';
import { runMetadata } from './run-metadata';
import { maskSearchWorkflow, type MaskDerivedArchitecture, type MaskSearchWorkflowOptions, type MaskSearchWorkflowResult } from './mask-search-workflow';
import { pickTrainingSettings, trainPickCandidate, type PickTraining } from './pick-training';

/** How `resolutionPickWorkflow` trains each resolution's network to compare them. */
export type ResolutionPickTraining = PickTraining;

/** Options of `resolutionPickWorkflow`: a mask search's, plus how the candidates are trained. */
export interface ResolutionPickWorkflowOptions extends MaskSearchWorkflowOptions {
  pick?: ResolutionPickTraining;
}

/** One resolution's search and short training. */
export interface ResolutionCandidate {
  /** Input side (px). */
  resolution: number;
  /** The search's run folder (`<out>/resolution-<r>`). */
  folder: string;
  derived: MaskDerivedArchitecture;
  /** Top-1 on the held-out training images after the short training: what the pick compares. */
  validationAccuracy: number;
  /** Top-1 on the test set of the same training (recorded, never used to pick). */
  testAccuracy: number;
  /** Batch-1 latency measured after the training (µs). */
  measuredLatencyUs: number;
}

/** What `resolutionPickWorkflow` produced (also `<out>/resolution-pick.json`). */
export interface ResolutionPickResult {
  candidates: ResolutionCandidate[];
  /** The picked candidate's resolution. */
  picked: number;
  /** The picked resolution's search (its result, derived network and space). */
  search: MaskSearchWorkflowResult;
}

/** `space` with its resolution fixed at `resolution`, named `<name>-res<r>`. */
export function fixResolution(space: MaskSearchSpace, resolution: number): MaskSearchSpace {
  if (!space.resolutions.includes(resolution)) throw new Error(`fixResolution: '${space.name}' has resolutions ${space.resolutions.join(', ')}, not ${resolution}`);
  return parseMaskSpace({ ...space.definition, name: `${space.name}-res${resolution}`, resolutions: [resolution] });
}

/**
 * DMaskingNAS with the input resolution picked by training instead of by the supernet (`fbnas search
 * --pick-resolution train`). FBNetV2 searches the resolution with one θ row inside the supernet; on our
 * Fashion-MNIST sweeps that row chose the middle resolution at every MAC target, where retraining showed the
 * full resolution better at larger targets (docs/benchmarks.md, "the resolution choice"). This runs one search
 * per resolution of the space (the space with that resolution fixed, same target, seed and data; in
 * `<out>/resolution-<r>`), trains each derived network briefly from scratch on the training images less a
 * held-out share, and keeps the one most accurate on the held-out images (ties: fewer MACs). The test set is
 * evaluated and recorded, never used to pick. Costs about one search and one short training per resolution.
 *
 * Writes `<out>/resolution-pick.json` and the picked network's `architecture.json` and `derived.json` in `<out>`.
 * Every part resumes: re-running on the same `out` skips finished searches and trainings.
 */
export async function resolutionPickWorkflow(options: ResolutionPickWorkflowOptions): Promise<ResolutionPickResult> {
  const say = options.onMessage ?? (() => {});
  const space = typeof options.space === 'string' ? loadMaskSpace(options.space) : options.space;
  if (space.resolutions.length < 2) throw new Error(`resolution pick: space '${space.name}' has one resolution (${space.resolutions[0]}); nothing to pick`);
  const pick = pickTrainingSettings(options.pick, options.trainImages);
  const given = {
    resolutionPick: { ...pick, trainImages: pick.trainImages ?? null, resolutions: space.resolutions, target: options.target ?? null, seed: options.seed },
    space: { name: space.name, sha256: sha256Json(space.definition) },
  };
  return withRunFolder(options.out, given, async () => {
    // withRunFolder only checked a resumed folder's config.json; a new one gets it here.
    await openRunConfig(join(options.out, 'config.json'), given, { extra: { kind: 'dmasking-resolution-pick', ...(await runMetadata()) } });
    const candidates: ResolutionCandidate[] = [];
    const searches = new Map<number, MaskSearchWorkflowResult>();
    for (const resolution of space.resolutions) {
      const folder = join(options.out, `resolution-${resolution}`);
      say(`resolution ${resolution}: searching in ${folder}`);
      const search = await maskSearchWorkflow({ ...options, space: fixResolution(space, resolution), out: folder });
      if (search.result.epochsCompleted < options.epochs) throw new Error(`resolution pick: the search in ${folder} stopped after epoch ${search.result.epochsCompleted}; re-run to resume`);
      searches.set(resolution, search);
      const trainOut = join(folder, 'pick-train');
      say(`resolution ${resolution}: ${search.derived.description}; training it ${pick.epochs} epochs in ${trainOut}`);
      const trained = await trainPickCandidate({ architecture: search.derived.architecture, ops: options.ops, data: options.data, out: trainOut, seed: options.seed, training: pick, onMessage: say });
      candidates.push({
        resolution, folder, derived: search.derived, validationAccuracy: trained.validationAccuracy!, testAccuracy: trained.testAccuracy, measuredLatencyUs: trained.measuredLatencyUs,
      });
      say(`resolution ${resolution}: held-out accuracy ${(trained.validationAccuracy! * 100).toFixed(2)} %, ${(search.derived.macs / 1e6).toFixed(3)} M MACs`);
    }
    const best = candidates.reduce((a, b) => (b.validationAccuracy > a.validationAccuracy || (b.validationAccuracy === a.validationAccuracy && b.derived.macs < a.derived.macs) ? b : a));
    await writeJsonAtomic(join(options.out, 'resolution-pick.json'), { picked: best.resolution, pick, candidates });
    const search = searches.get(best.resolution)!;
    await writeJsonAtomic(join(options.out, 'derived.json'), search.derived);
    await writeJsonAtomic(join(options.out, 'architecture.json'), search.derived.architecture);
    return { candidates, picked: best.resolution, search };
  });
}
