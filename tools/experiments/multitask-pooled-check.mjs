// Issue #14, a quick check of one multi-task search against random networks already retrained: each task's network
// of SEARCH_DIR (its search-result.json), retrained into RETRAIN_DIR as `<task>-s<S>.json` (the --json output of
// `fbnas multitask train --arch SEARCH_DIR/<task>.arch.json … --seed S`), against every random network of the given
// ablation folders (their ablation.json, retrained alike) within ±BAND of its MACs, each random network's value the
// mean of its seeds (a seed found in two folders counted once).
//   node tools/experiments/multitask-pooled-check.mjs SEARCH_DIR RETRAIN_DIR ABLATION[,ABLATION…] [BAND] [OUT]
// Prints a table and writes OUT (default RETRAIN_DIR/pooled-check.json).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
  // Every network retrained in the folders, by network: its seeds' values (random ones are the comparison).
  const byNetwork = new Map();
  for (const a of ablations) {
    const task = a.tasks.find((x) => x.task === t.task);
    for (const row of [task.multitask, task.single, ...task.random.rows]) {
      if (!byNetwork.has(row.network)) byNetwork.set(row.network, { name: row.name, source: row.source, macs: row.macs, bySeed: new Map() });
      row.seeds.forEach((seed, k) => { if (!byNetwork.get(row.network).bySeed.has(seed)) byNetwork.get(row.network).bySeed.set(seed, row.values[k]); });
    }
  }
  const random = [...byNetwork.entries()]
    .filter(([network, r]) => r.source === 'random' && network !== t.network && Math.abs(r.macs / t.macs - 1) <= band)
    .map(([network, r]) => ({ name: r.name, network, macs: r.macs, value: mean([...r.bySeed.values()]), seeds: [...r.bySeed.keys()] }));
  const searched = mean(seeds);
  const searched01 = mean(seeds.slice(0, 2));
  const values = random.map((r) => r.value);
  const known = byNetwork.get(t.network);
  result.tasks.push({
    task: t.task, network: t.network, macs: t.macs, targetMacs: t.targetMacs, seeds, searched, searchedSeeds01: searched01,
    alreadyRetrained: known === undefined ? null : { name: known.name, values: Object.fromEntries(known.bySeed) },
    random: { count: random.length, mean: mean(values), sd: sd(values), min: Math.min(...values), max: Math.max(...values), below: values.filter((v) => v < searched).length, rows: random },
  });
}
const out = resolve(outArg ?? join(retrainArg, 'pooled-check.json'));
writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
console.log('| task | MACs / budget | searched: seeds (mean; seeds 0, 1) | random within ±band: n, mean ± sd (range) | random below | searched − random mean |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const t of result.tasks) {
  const f = (v) => (t.task === 'classification' ? (100 * v).toFixed(2) : v.toFixed(4));
  const r = t.random;
  console.log(`| ${t.task} | ${(t.macs / 1e6).toFixed(2)} / ${(t.targetMacs / 1e6).toFixed(2)} M | ${t.seeds.map(f).join(', ')} (${f(t.searched)}; ${f(t.searchedSeeds01)}) | ${r.count}, ${f(r.mean)} ± ${f(r.sd)} (${f(r.min)}–${f(r.max)}) | ${r.below} of ${r.count} | ${t.task === 'classification' ? ((t.searched - r.mean) * 100).toFixed(2) + ' points' : (t.searched - r.mean).toFixed(4)} |`);
  if (t.alreadyRetrained) console.log(`  (${t.task}: the same network was retrained before as ${t.alreadyRetrained.name}: ${JSON.stringify(t.alreadyRetrained.values)})`);
}
