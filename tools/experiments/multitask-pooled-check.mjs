// Issue #14, a quick check of one multi-task search against random networks already retrained: each task's network
// of SEARCH_DIR (its search-result.json), retrained into RETRAIN_DIR as `<task>-s<S>.json` (the --json output of
// `fbnas multitask train --arch SEARCH_DIR/<task>.arch.json … --seed S`), against every random network of the given
// ablation folders (their ablation.json, retrained alike) within ±BAND of its MACs.
// A retraining seed fixes the training subset and the canvases of both splits (`fbnas multitask train` draws them
// from it), so a seed is easier or harder for every network alike: the comparison is on matched seeds. For each
// random network, the seeds both have (a seed found in two folders counted once) give the searched network's mean
// minus the random one's; the table reports the mean of those differences and how many are positive, and, as a
// summary, each side's mean over the seeds common to all of them.
//   node tools/experiments/multitask-pooled-check.mjs SEARCH_DIR RETRAIN_DIR ABLATION[,ABLATION…] [BAND] [OUT]
// Prints a table and writes OUT (default RETRAIN_DIR/pooled-check.json).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pooledNetworks } from './pooled-networks.mjs';

const [searchArg, retrainArg, foldersArg, bandArg = '0.05', outArg] = process.argv.slice(2);
if (!searchArg || !retrainArg || !foldersArg) throw new Error('usage: multitask-pooled-check.mjs SEARCH_DIR RETRAIN_DIR ABLATION[,ABLATION…] [BAND] [OUT]');
const band = Number(bandArg);
const search = JSON.parse(readFileSync(join(searchArg, 'search-result.json'), 'utf8'));
const ablations = foldersArg.split(',').map((f) => JSON.parse(readFileSync(join(resolve(f), 'ablation.json'), 'utf8')));
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const result = { search: resolve(searchArg), retrain: resolve(retrainArg), folders: foldersArg.split(',').map((f) => resolve(f)), band, tasks: [] };
for (const t of search.tasks) {
  const seeds = [];
  for (let s = 0; existsSync(join(retrainArg, `${t.task}-s${s}.json`)); s++) seeds.push(JSON.parse(readFileSync(join(retrainArg, `${t.task}-s${s}.json`), 'utf8')).value);
  const byNetwork = pooledNetworks(ablations, t.task);
  const random = [...byNetwork.entries()]
    .filter(([network, r]) => r.source === 'random' && network !== t.network && Math.abs(r.macs / t.macs - 1) <= band)
    .map(([network, r]) => {
      const shared = [...r.bySeed.keys()].filter((seed) => seeds[seed] !== undefined).sort((a, b) => a - b);
      const difference = mean(shared.map((seed) => seeds[seed])) - mean(shared.map((seed) => r.bySeed.get(seed)));
      return { name: r.name, network, macs: r.macs, values: Object.fromEntries(r.bySeed), sharedSeeds: shared, difference };
    })
    .filter((r) => r.sharedSeeds.length > 0);
  const common = [...seeds.keys()].filter((seed) => random.length > 0 && random.every((r) => r.sharedSeeds.includes(seed)));
  const values = random.map((r) => mean(common.map((seed) => r.values[seed])));
  const differences = random.map((r) => r.difference);
  const known = byNetwork.get(t.network);
  result.tasks.push({
    task: t.task, network: t.network, macs: t.macs, targetMacs: t.targetMacs, seeds,
    alreadyRetrained: known === undefined ? null : { name: known.name, values: Object.fromEntries(known.bySeed) },
    commonSeeds: common, searchedOnCommon: mean(common.map((seed) => seeds[seed])),
    random: {
      count: random.length, meanOnCommon: mean(values), sdOnCommon: sd(values), min: Math.min(...values), max: Math.max(...values),
      meanDifference: mean(differences), above: differences.filter((d) => d > 0).length, rows: random,
    },
  });
}
const out = resolve(outArg ?? join(retrainArg, 'pooled-check.json'));
writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
console.log('| task | MACs / budget | searched: seeds 0, 1, … | common seeds | searched, their mean | random within ±band: n, mean ± sd on them (range) | searched − random, matched seeds: mean (above) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const t of result.tasks) {
  const points = t.task === 'classification';
  const f = (v) => (points ? (100 * v).toFixed(2) : v.toFixed(4));
  const r = t.random;
  const difference = r.count === 0 ? '–' : `${r.meanDifference >= 0 ? '+' : '−'}${points ? (100 * Math.abs(r.meanDifference)).toFixed(2) + ' points' : Math.abs(r.meanDifference).toFixed(4)} (${r.above} of ${r.count})`;
  console.log(`| ${t.task} | ${(t.macs / 1e6).toFixed(2)} / ${(t.targetMacs / 1e6).toFixed(2)} M | ${t.seeds.map(f).join(', ')} | ${t.commonSeeds.join(', ') || '–'} | ${r.count === 0 ? '–' : f(t.searchedOnCommon)} | ${r.count === 0 ? 'none' : `${r.count}, ${f(r.meanOnCommon)} ± ${f(r.sdOnCommon)} (${f(r.min)}–${f(r.max)})`} | ${difference} |`);
  if (t.alreadyRetrained) console.log(`  (${t.task}: the same network was retrained before as ${t.alreadyRetrained.name}: ${JSON.stringify(t.alreadyRetrained.values)})`);
}
