import { join } from 'node:path';
import { evolveJointSpace } from '@fbnas/nars';
import { loadNarsPredictor } from '@fbnas/nars/predictor';
import { writeJsonAtomic } from '@fbnas/train';
import { usageError, type CliIo } from '../cli-io';
import { jointSpaceFromFlag } from '../joint-space-flag';

/** Flags of `fbnas nars evolve`. */
export interface NarsEvolveFlags {
  /** A predictor folder (`saveNarsPredictor`). */
  predictor: string;
  /** A built-in joint space name or an `fbnas.joint-space/v1` file. */
  space: string;
  /** MAC budget (inclusive). */
  targetMacs?: number;
  /** Parameter (conv weights) budget (inclusive). */
  targetParams?: number;
  seed: number;
  /** Folder for architecture.json, recipe.json and evolve.json. */
  out?: string;
  json: boolean;
}

/**
 * `fbnas nars evolve --predictor DIR --space NAME|FILE [--target-macs N] [--target-params N]`: FBNetV3's
 * predictor-only evolutionary search for a new budget (`evolveJointSpace` scored by the predictor's accuracy head):
 * prints the best architecture–recipe pair within the budget and, with `--out`, writes `architecture.json`
 * (`fbnas.arch/v1`, ready for `fbnas train`), `recipe.json` and `evolve.json` (scores per generation, budget, seed).
 */
export async function narsEvolveCommand(flags: NarsEvolveFlags, io: CliIo): Promise<void> {
  if (flags.targetMacs === undefined && flags.targetParams === undefined) {
    throw usageError('nars evolve', 'expected a budget: --target-macs N and/or --target-params N');
  }
  const space = jointSpaceFromFlag('nars evolve', flags.space);
  const predictor = await loadNarsPredictor(flags.predictor, space);
  const started = Date.now();
  try {
    const constraints = {
      ...(flags.targetMacs === undefined ? {} : { maxMacs: flags.targetMacs }),
      ...(flags.targetParams === undefined ? {} : { maxParams: flags.targetParams }),
    };
    const evolution = evolveJointSpace(space, (samples) => predictor.predictAccuracy(samples), { constraints, seed: flags.seed });
    const seconds = (Date.now() - started) / 1000;
    const { best } = evolution;
    const architecture = { ...best.architecture, name: `${space.name}-evolved`, description: `Evolved in joint space '${space.name}' for ${JSON.stringify(constraints)} (predicted score ${best.score.toFixed(4)})` };
    const summary = {
      space: space.name, constraints, seed: flags.seed, predictedScore: best.score, macs: best.macs, params: best.params,
      sample: best.sample, generations: evolution.generations, evaluated: evolution.evaluated, history: evolution.history, seconds,
    };
    if (flags.out !== undefined) {
      await writeJsonAtomic(join(flags.out, 'architecture.json'), architecture);
      await writeJsonAtomic(join(flags.out, 'recipe.json'), best.sample.recipe);
      await writeJsonAtomic(join(flags.out, 'evolve.json'), summary);
    }
    if (flags.json) {
      io.out(JSON.stringify({ ...summary, architecture, ...(flags.out === undefined ? {} : { out: flags.out }) }));
      return;
    }
    const r = best.sample.recipe;
    io.out(`${space.name}: best within ${JSON.stringify(constraints)}: predicted ${best.score.toFixed(4)}, ${(best.macs / 1e6).toFixed(3)} M MACs, ${(best.params / 1e6).toFixed(3)} M params`);
    io.out(`  resolution ${best.sample.resolution}, stem ${best.sample.stem.channels}, stages ${best.sample.stages.map((s) => `${s.channels}×${s.depth} e${s.expansion} k${s.kernel}${s.se ? ' se' : ''}`).join(' | ')}`);
    io.out(`  recipe: ${r.optimizer} lr ${r.learningRate.toPrecision(3)} wd ${r.weightDecay.toPrecision(3)} mixup ${r.mixup.toFixed(2)} dropout ${r.dropout.toFixed(2)} stochastic depth ${r.stochasticDepth.toFixed(2)} ema ${r.ema} epochs ${r.epochs}`);
    io.out(`  ${evolution.generations} generations, ${evolution.evaluated} pairs scored, ${seconds.toFixed(1)} s${flags.out === undefined ? '' : `; written to ${flags.out}`}`);
  } finally {
    predictor.dispose();
  }
}
