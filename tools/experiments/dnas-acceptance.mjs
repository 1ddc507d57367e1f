// The issue #4 acceptance experiment on Fashion-MNIST (wasm, 2 cores), after the two searches ran:
//   node tools/experiments/dnas-acceptance.mjs RUNS_DIR
// RUNS_DIR holds e1/search (α 0.2, β 0.6) and e2/search (stronger latency term, β 3), made by
//   fbnas search --space fbnet-micro-28 --data fashion-mnist --epochs 3 --seed 1 \
//     --beta B --mode all --lut RUNS_DIR/lut-fbnet-micro-28.json --samples 5 --out RUNS_DIR/eN/search
// It picks 5 random architectures of the space whose predicted latency is no higher than e1's argmax, then
// retrains e1's and e2's argmax and the 5 random ones identically (full training set, `fbnas train`, same
// seed and epochs), two at a time, and writes RUNS_DIR/acceptance.json with accuracies and measured latencies.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLatencyTable, predictLatency } from '@fbnas/latency';
import { derive, loadSpace, randomSample } from '@fbnas/search-space';

const runs = process.argv[2] ?? 'runs';
const epochs = Number(process.env.RETRAIN_EPOCHS ?? 8);
const bin = fileURLToPath(new URL('../../packages/cli/bin/fbnas.mjs', import.meta.url));
const space = loadSpace('fbnet-micro-28');
const table = await loadLatencyTable(join(runs, 'lut-fbnet-micro-28.json'), space);
const searched = ['e1', 'e2'].map((name) => {
  const [argmax] = JSON.parse(readFileSync(join(runs, name, 'search', 'architectures.json'), 'utf8'));
  return { name, sample: argmax.sample, architecture: argmax.architecture, predictedUs: predictLatency(table, argmax.sample) };
});
const budget = searched[0].predictedUs;
const randoms = [];
for (let seed = 1; randoms.length < 5 && seed < 100000; seed++) {
  const sample = randomSample(space, seed);
  const predictedUs = predictLatency(table, sample);
  if (predictedUs <= budget) randoms.push({ name: `random-${randoms.length + 1}`, seed, sample, predictedUs, architecture: derive(space, sample, { name: `random-${seed}` }) });
}
const jobs = [...searched, ...randoms];
mkdirSync(join(runs, 'retrain'), { recursive: true });
for (const job of jobs) writeFileSync(join(runs, 'retrain', `${job.name}.arch.json`), JSON.stringify(job.architecture, null, 2));

function train(job) {
  const out = join(runs, 'retrain', job.name);
  if (existsSync(join(out, 'result.json'))) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const child = spawn('node', [bin, 'train', '--arch', join(runs, 'retrain', `${job.name}.arch.json`), '--data', 'fashion-mnist', '--epochs', String(epochs), '--seed', '1', '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${job.name}: exit ${code}`))));
  });
}
const queue = [...jobs];
await Promise.all([0, 1].map(async () => {
  while (queue.length > 0) await train(queue.shift());
}));
const results = jobs.map((job) => {
  const result = JSON.parse(readFileSync(join(runs, 'retrain', job.name, 'result.json'), 'utf8'));
  return { name: job.name, sample: job.sample, predictedUs: job.predictedUs, measuredUs: result.measuredLatencyUs, testAccuracy: result.testAccuracy };
});
const randomMean = results.filter((r) => r.name.startsWith('random')).reduce((s, r) => s + r.testAccuracy, 0) / randoms.length;
const summary = { epochs, budgetUs: budget, results, randomMeanAccuracy: randomMean };
writeFileSync(join(runs, 'acceptance.json'), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary, null, 2));
