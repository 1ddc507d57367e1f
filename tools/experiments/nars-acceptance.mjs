// Issue #12, acceptance: does FBNetV3's search find a better architecture–recipe pair than random search with the
// same compute, and does the searched recipe help its architecture? Every step is an `fbnas` command (the built CLI),
// each resumable on its folder, so a killed experiment re-run on OUT continues.
//   1. nars:    `fbnas nars run` on DATA (TRAIN_IMAGES images, 80/20 split) under MAX_MACS.
//   2. random:  the same number of QMC pairs within MAX_MACS (another seed), every one trained fully with its own
//               recipe on the same kind of split (`nars run --iterations 0`): at least NARS's compute, since NARS trains
//               only its first batch fully. The best by final validation accuracy is random search's pick.
//   3. evolved: `fbnas nars evolve` on the NARS predictor under MAX_MACS.
//   4. retrain: the evolved pair, random search's pick, and the evolved architecture with the default recipe (`fbnas
//               train` defaults, the evolved recipe's epochs), each with SEEDS on TRAIN_IMAGES images, tested on the
//               full test set.
//   pnpm build && node tools/experiments/nars-acceptance.mjs OUT
// Environment (defaults): DATA (fashion-mnist), TRAIN_IMAGES (6000), MAX_MACS (1500000), SEEDS (0,1,2).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jointArchitecture, loadJointSpace } from '@fbnas/nars';

const [out] = process.argv.slice(2);
if (!out) throw new Error('usage: nars-acceptance.mjs OUT');
const env = process.env;
const data = env.DATA ?? 'fashion-mnist';
const images = String(env.TRAIN_IMAGES ?? 6000);
const maxMacs = String(env.MAX_MACS ?? 1_500_000);
const seeds = (env.SEEDS ?? '0,1,2').split(',');
mkdirSync(out, { recursive: true });
const cli = join(import.meta.dirname, '../../packages/cli/bin/fbnas.mjs');
const fbnas = (...args) => {
  const started = Date.now();
  const stdout = execFileSync(process.execPath, [cli, ...args, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return { ...JSON.parse(stdout.trim().split('\n').at(-1)), seconds: (Date.now() - started) / 1000 };
};
const readJsonl = (path) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const common = ['--space', 'nars-micro-28', '--data', data, '--train-images', images, '--target-macs', maxMacs];

const nars = fbnas('nars', 'run', ...common, '--out', join(out, 'nars'));
console.log(`nars: ${nars.candidates} candidates, early-stop epoch ${nars.earlyStopEpoch} (${nars.seconds.toFixed(0)} s)`);
const n = String(nars.candidates);
const random = fbnas('nars', 'run', ...common, '--seed', '1000', '--pool', n, '--first-batch', n, '--iterations', '0', '--pretrain-count', '200', '--out', join(out, 'random'));
const randomCandidates = readJsonl(join(out, 'random', 'candidates.jsonl'));
const pick = randomCandidates.reduce((a, b) => (b.accuracies.at(-1) > a.accuracies.at(-1) ? b : a));
console.log(`random: ${randomCandidates.length} candidates; pick ${pick.id} (validation ${pick.accuracies.at(-1).toFixed(3)}) (${random.seconds.toFixed(0)} s)`);
const evolved = fbnas('nars', 'evolve', '--predictor', join(out, 'nars', 'predictor'), '--space', 'nars-micro-28', '--target-macs', maxMacs, '--out', join(out, 'evolved'));
console.log(`evolved: predicted ${evolved.predictedScore.toFixed(3)}, ${(evolved.macs / 1e6).toFixed(2)} M MACs (${evolved.seconds.toFixed(1)} s)`);

// Random search's pick as an architecture file, rebuilt from the sample its candidate log keeps.
const pickFolder = join(out, 'random-pick');
mkdirSync(pickFolder, { recursive: true });
const pickArchitecture = jointArchitecture(loadJointSpace('nars-micro-28'), pick.sample, { name: `nars-random-pick-${pick.id}` });
writeFileSync(join(pickFolder, 'architecture.json'), JSON.stringify(pickArchitecture, null, 2));
writeFileSync(join(pickFolder, 'recipe.json'), JSON.stringify(pick.sample.recipe, null, 2));

const recipeFlags = (recipe) => [
  '--epochs', String(recipe.epochs), '--learning-rate', String(recipe.learningRate), '--weight-decay', String(recipe.weightDecay),
  '--optimizer', recipe.optimizer, '--mixup', String(recipe.mixup), '--dropout', String(recipe.dropout),
  '--stochastic-depth', String(recipe.stochasticDepth), '--ema', String(recipe.ema),
];
const evolvedRecipe = JSON.parse(readFileSync(join(out, 'evolved', 'recipe.json'), 'utf8'));
const arms = {
  evolved: { arch: join(out, 'evolved', 'architecture.json'), flags: recipeFlags(evolvedRecipe) },
  'random-pick': { arch: join(pickFolder, 'architecture.json'), flags: recipeFlags(pick.sample.recipe) },
  'evolved-default-recipe': { arch: join(out, 'evolved', 'architecture.json'), flags: ['--epochs', String(evolvedRecipe.epochs)] },
};
const rows = [];
for (const [arm, { arch, flags }] of Object.entries(arms)) {
  for (const seed of seeds) {
    const folder = join(out, 'retrain', arm, seed);
    const resultPath = join(folder, 'result.json');
    const result = existsSync(resultPath)
      ? JSON.parse(readFileSync(resultPath, 'utf8'))
      : fbnas('train', '--arch', arch, '--data', data, '--train-images', images, '--seed', seed, ...flags, '--out', folder);
    rows.push({ arm, seed: Number(seed), testAccuracy: result.testAccuracy, measuredLatencyUs: result.measuredLatencyUs });
    console.log(`${arm} seed ${seed}: test ${(result.testAccuracy * 100).toFixed(2)} %`);
  }
}
const summary = Object.keys(arms).map((arm) => {
  const accuracies = rows.filter((r) => r.arm === arm).map((r) => r.testAccuracy);
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  const sd = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, accuracies.length - 1));
  return { arm, mean, sd, accuracies };
});
writeFileSync(join(out, 'acceptance.json'), `${JSON.stringify({ data, images: Number(images), maxMacs: Number(maxMacs), seeds, nars: { candidates: nars.candidates, earlyStopEpoch: nars.earlyStopEpoch, correlations: nars.correlations, seconds: nars.seconds }, random: { candidates: randomCandidates.length, pick: pick.id, seconds: random.seconds }, evolved, rows, summary }, null, 2)}\n`);
for (const s of summary) console.log(`${s.arm.padEnd(24)} ${(s.mean * 100).toFixed(2)} ± ${(s.sd * 100).toFixed(2)} %  (${s.accuracies.map((a) => (a * 100).toFixed(2)).join(', ')})`);
