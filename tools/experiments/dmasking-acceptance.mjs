// The FBNetV2 (DMaskingNAS) acceptance experiment on Fashion-MNIST (wasm, 2 cores):
//   node tools/experiments/dmasking-acceptance.mjs RUNS_DIR
// 1. Three searches on fbnetv2-micro-28 with MAC targets over a 3× range (TARGETS, default 400000,800000,1200000):
//      fbnas search --space fbnetv2-micro-28 --data fashion-mnist --train-images SEARCH_IMAGES --epochs SEARCH_EPOCHS \
//        --target-macs T --seed 1 --out RUNS_DIR/search-T
// 2. For each target, 5 random architectures of the same space with no more MACs than that search's derived
//    architecture (seeded rejection sampling, uniform per dimension).
// 3. Every derived and random architecture retrained identically: fbnas train --data fashion-mnist
//    --train-images RETRAIN_IMAGES --epochs RETRAIN_EPOCHS --seed 1 (test set: the full 10k).
// Two processes at a time (one per core); every step is skipped when its result exists, so a re-run resumes.
// Writes RUNS_DIR/acceptance.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countArch } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { deriveMask, describeMaskSample, loadMaskSpace, randomMaskSample, seededRandom } from '@fbnas/search-space';

const runs = process.argv[2] ?? 'runs/dmasking';
const targets = (process.env.TARGETS ?? '400000,800000,1200000').split(',').map(Number);
const searchImages = process.env.SEARCH_IMAGES ?? '10000';
const searchEpochs = process.env.SEARCH_EPOCHS ?? '6';
const retrainImages = process.env.RETRAIN_IMAGES ?? '60000';
const retrainEpochs = process.env.RETRAIN_EPOCHS ?? '4';
const bin = fileURLToPath(new URL('../../packages/cli/bin/fbnas.mjs', import.meta.url));
const ops = createBuiltinOpSpecRegistry();
const space = loadMaskSpace('fbnetv2-micro-28');
mkdirSync(join(runs, 'retrain'), { recursive: true });

function run(args, log) {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => { text += chunk; });
    child.on('exit', (code) => {
      writeFileSync(log, text);
      if (code === 0) resolve();
      else reject(new Error(`fbnas ${args.join(' ')}: exit ${code}\n${text.slice(-2000)}`));
    });
  });
}
async function inPairs(jobs) {
  const queue = [...jobs];
  await Promise.all([0, 1].map(async () => {
    while (queue.length > 0) await queue.shift()();
  }));
}

// 1. Searches.
await inPairs(targets.map((target) => async () => {
  const out = join(runs, `search-${target}`);
  if (existsSync(join(out, 'derived.json'))) return;
  console.log(`search, target ${target} MACs`);
  await run(['search', '--space', space.name, '--data', 'fashion-mnist', '--train-images', searchImages, '--epochs', searchEpochs,
    '--target-macs', String(target), '--seed', '1', '--out', out], join(runs, `search-${target}.log`));
}));
const searched = targets.map((target) => {
  const derived = JSON.parse(readFileSync(join(runs, `search-${target}`, 'derived.json'), 'utf8'));
  return { name: `searched-${target}`, target, macs: derived.macs, description: derived.description, architecture: derived.architecture };
});

// 2. Random architectures of no more MACs than each searched one.
const randoms = searched.flatMap((s) => {
  const random = seededRandom(1000 + s.target / 1000);
  const picked = [];
  for (let draw = 0; picked.length < 5 && draw < 100000; draw++) {
    const sample = randomMaskSample(space, random);
    const architecture = deriveMask(space, sample, { name: `random-${s.target}-${picked.length + 1}` });
    const macs = countArch(architecture, ops).macs;
    if (macs <= s.macs) picked.push({ name: `random-${s.target}-${picked.length + 1}`, target: s.target, macs, description: describeMaskSample(space, sample), architecture });
  }
  return picked;
});

// 3. Retraining, identical for every architecture.
const jobs = [...searched, ...randoms];
for (const job of jobs) writeFileSync(join(runs, 'retrain', `${job.name}.arch.json`), `${JSON.stringify(job.architecture, null, 2)}\n`);
await inPairs(jobs.map((job) => async () => {
  const out = join(runs, 'retrain', job.name);
  if (existsSync(join(out, 'result.json'))) return;
  console.log(`retrain ${job.name} (${(job.macs / 1e6).toFixed(3)} M MACs)`);
  await run(['train', '--arch', join(runs, 'retrain', `${job.name}.arch.json`), '--data', 'fashion-mnist', '--train-images', retrainImages,
    '--epochs', retrainEpochs, '--seed', '1', '--out', out], join(runs, 'retrain', `${job.name}.log`));
}));

const accuracy = (name) => JSON.parse(readFileSync(join(runs, 'retrain', name, 'result.json'), 'utf8')).testAccuracy;
const rows = searched.map((s) => {
  const mine = randoms.filter((r) => r.target === s.target).map((r) => ({ name: r.name, macs: r.macs, description: r.description, testAccuracy: accuracy(r.name) }));
  const randomMean = mine.reduce((sum, r) => sum + r.testAccuracy, 0) / mine.length;
  return {
    target: s.target, macs: s.macs, targetError: s.macs / s.target - 1, description: s.description, testAccuracy: accuracy(s.name),
    randomMeanAccuracy: randomMean, beatsRandomMean: accuracy(s.name) > randomMean, randoms: mine,
  };
});
const summary = {
  settings: { targets, searchImages: Number(searchImages), searchEpochs: Number(searchEpochs), retrainImages: Number(retrainImages), retrainEpochs: Number(retrainEpochs) },
  rows,
  allWithin15Percent: rows.every((r) => Math.abs(r.targetError) <= 0.15),
  accuracyRisesWithMacs: rows.every((r, i) => i === 0 || (r.macs > rows[i - 1].macs && r.testAccuracy > rows[i - 1].testAccuracy)),
  allBeatRandomMean: rows.every((r) => r.beatsRandomMean),
};
writeFileSync(join(runs, 'acceptance.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
