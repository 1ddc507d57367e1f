// Issue #14, acceptance: FBNetV5's ablation (fbnet-methods §4) on the multi-task Fashion-MNIST canvases.
// One multi-task search (classification, segmentation, box), one single-task search per task, and RANDOM random
// architectures per task with the multi-task architecture's MACs (± BAND); every architecture retrained alone with the
// same recipe (`fbnas multitask train`, SEEDS seeds) and tested on the canvases of the 10,000 test images.
// Everything runs through the built CLI in child processes, CONCURRENCY at a time; re-running resumes (finished
// searches and retrainings are skipped, an interrupted search or retraining resumes from its run folder).
//   pnpm build && node tools/experiments/multitask-ablation.mjs OUT run       # searches, then retrainings
//   node tools/experiments/multitask-ablation.mjs OUT collect                  # OUT/ablation.json and a table (OUT's settings)
// Environment (defaults): DATA (fashion-mnist), TRAIN_IMAGES (5000), SEARCH_EPOCHS (8), RETRAIN_EPOCHS (5),
// SEEDS (0), SEARCHED_SEEDS (SEEDS), RANDOM (5), BAND (0.05), CONCURRENCY (2), FBNAS_HOME (OUT/home: the cached
// canvases), SEARCH_FLAGS (none: extra flags of every `fbnas multitask search`, e.g. "--warmup-epochs 2"). Collect averages each architecture over the seeds it was retrained with,
// and again over the seeds every network of the task has (`matched`: a seed fixes the data, so it can be harder for all).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '@fbnas/core';
import { deriveTaskArchitecture, describeNetwork, keepMask, MULTITASK_TASKS, multitaskLayout, parseTaskArchitecture, taskMacs } from '@fbnas/multitask';

const [outArg, phase = 'run'] = process.argv.slice(2);
if (!outArg || !['run', 'collect'].includes(phase)) throw new Error('usage: multitask-ablation.mjs OUT [run|collect]');
const out = resolve(outArg);
const env = process.env;
const settingsPath = join(out, 'settings.json');
// `collect` reads the folder's own settings; `run` takes them from the environment (and refuses a folder run with others).
const settings = phase === 'collect' && existsSync(settingsPath) ? JSON.parse(readFileSync(settingsPath, 'utf8')) : {
  data: env.DATA ?? 'fashion-mnist',
  trainImages: Number(env.TRAIN_IMAGES ?? 5000),
  searchEpochs: Number(env.SEARCH_EPOCHS ?? 8),
  retrainEpochs: Number(env.RETRAIN_EPOCHS ?? 5),
  random: Number(env.RANDOM ?? 5),
  band: Number(env.BAND ?? 0.05),
  // The layout every search and random network uses (the CLI's default: its newest revision).
  layout: multitaskLayout().name,
  // Extra `fbnas multitask search` flags of every search (e.g. `--warmup-epochs 2 --reward absolute`); recorded only when given.
  ...(env.SEARCH_FLAGS ? { searchFlags: env.SEARCH_FLAGS.trim().split(/\s+/) } : {}),
};
// Retraining seeds (not in settings.json: more seeds can be added to a folder later): SEEDS for every
// architecture, SEARCHED_SEEDS (default SEEDS) for the searched ones.
const seeds = (env.SEEDS ?? '0').split(',').map(Number);
const searchedSeeds = (env.SEARCHED_SEEDS ?? env.SEEDS ?? '0').split(',').map(Number);
const seedsOf = (job) => (job.source === 'random' ? seeds : searchedSeeds);
const concurrency = Number(env.CONCURRENCY ?? 2);
const cli = fileURLToPath(new URL('../../packages/cli/bin/fbnas.mjs', import.meta.url));
const home = env.FBNAS_HOME ?? join(out, 'home');
mkdirSync(out, { recursive: true });
if (existsSync(settingsPath) && readFileSync(settingsPath, 'utf8') !== JSON.stringify(settings, null, 2)) {
  throw new Error(`${settingsPath}: this folder was run with other settings (${readFileSync(settingsPath, 'utf8')}); use another OUT`);
}
if (phase === 'run') writeAtomic(settingsPath, JSON.stringify(settings, null, 2));

function writeAtomic(file, text) {
  writeFileSync(`${file}.${process.pid}.tmp`, text);
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/** Runs the CLI; resolves with its stdout, its stderr going to `log`. */
function fbnas(args, log) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...env, FBNAS_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      writeFileSync(log, stderr);
      if (code === 0) done(stdout);
      else fail(new Error(`fbnas ${args.join(' ')} exited with ${code}; see ${log}`));
    });
  });
}

const searches = [{ name: 'multitask', tasks: [...MULTITASK_TASKS] }, ...MULTITASK_TASKS.map((task) => ({ name: `single-${task}`, tasks: [task] }))];
const searchFolder = (name) => join(out, 'search', name);
const searchDone = (search) => search.tasks.every((task) => existsSync(join(searchFolder(search.name), `${task}.arch.json`)));

async function runSearch(search) {
  const folder = searchFolder(search.name);
  mkdirSync(folder, { recursive: true });
  const started = Date.now();
  await fbnas([
    'multitask', 'search', '--data', settings.data, '--train-images', String(settings.trainImages), '--epochs', String(settings.searchEpochs),
    '--seed', '0', '--tasks', search.tasks.join(','), '--out', folder, '--json', ...(settings.searchFlags ?? []),
  ], join(out, 'search', `${search.name}.log`));
  // Epoch seconds from the run's own log (a resumed search keeps its earlier epochs' times).
  const seconds = readFileSync(join(folder, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).seconds).reduce((a, b) => a + b, 0);
  writeAtomic(join(out, 'search', `${search.name}.cost.json`), JSON.stringify({ tasks: search.tasks, epochSeconds: seconds, wallSeconds: (Date.now() - started) / 1000 }));
  console.log(`search ${search.name}: ${seconds.toFixed(0)} s of epochs`);
}

/**
 * RANDOM random networks per task whose MACs are within ± BAND of the multi-task architecture's (seeded): distinct
 * networks (`describeNetwork`: masks that keep different but interchangeable blocks are one network), none of them a
 * searched one.
 */
const randomPools = new Map();
function randomArchitectures(task) {
  if (!randomPools.has(task)) randomPools.set(task, drawRandomArchitectures(task));
  return randomPools.get(task);
}

function drawRandomArchitectures(task) {
  const read = (name) => parseTaskArchitecture(JSON.parse(readFileSync(join(searchFolder(name), `${task}.arch.json`), 'utf8')));
  const multitask = read('multitask');
  // The searched document's layout (a folder searched on an earlier revision keeps it), not the current default.
  const layout = multitaskLayout(multitask.layout);
  const target = multitask.macs;
  const searched = new Set(['multitask', `single-${task}`].map((name) => describeNetwork(layout, task, keepMask(layout, read(name)))));
  const byNetwork = new Map();
  for (let mask = 0; mask < 2 ** layout.skippable.length; mask++) {
    const keep = layout.skippable.map((_, i) => (mask >> i) & 1);
    const network = describeNetwork(layout, task, keep);
    if (Math.abs(taskMacs(layout, task, keep) / target - 1) > settings.band || searched.has(network)) continue;
    byNetwork.set(network, deriveTaskArchitecture(layout, task, keep));
  }
  const pool = [...byNetwork.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const random = mulberry32(MULTITASK_TASKS.indexOf(task) + 1);
  const picked = pool.map((entry) => [random(), entry]).sort((x, y) => x[0] - y[0]).slice(0, settings.random).map(([, entry]) => entry);
  return { target, poolSize: pool.length, picked };
}

function retrainList() {
  const list = [];
  for (const task of MULTITASK_TASKS) {
    list.push({ name: `multitask-${task}`, task, source: 'multitask', arch: join(searchFolder('multitask'), `${task}.arch.json`) });
    list.push({ name: `single-${task}`, task, source: 'single-task search', arch: join(searchFolder(`single-${task}`), `${task}.arch.json`) });
  }
  return list;
}

function randomList() {
  const list = [];
  mkdirSync(join(out, 'random'), { recursive: true });
  for (const task of MULTITASK_TASKS) {
    for (const [network, architecture] of randomArchitectures(task).picked) {
      // Named by the network: how many blocks of each run it keeps (`s1.p2×1 s2.p4×0 …` → 10…).
      const name = `random-${task}-${network.split(' ').map((part) => part.split('×')[1]).join('')}`;
      const arch = join(out, 'random', `${name}.arch.json`);
      if (!existsSync(arch)) writeAtomic(arch, JSON.stringify({ ...architecture, name }, null, 2));
      list.push({ name, task, source: 'random', arch, network });
    }
  }
  return list;
}

const resultPath = (job, seed) => join(out, 'retrain', `${job.name}-s${seed}.json`);

/**
 * REUSE (comma-separated earlier ablation folders): retrainings there of the same network, task and seed under the same
 * data, image count, epochs and layout are copied instead of run again (the retraining does not depend on the search;
 * the copy names its source in `reusedFrom`). Keyed by `task|network|seed`.
 */
function reusableResults() {
  const found = new Map();
  const same = ['data', 'trainImages', 'retrainEpochs', 'layout'];
  for (const folder of (env.REUSE ?? '').split(',').filter(Boolean).map((f) => resolve(f))) {
    const theirs = JSON.parse(readFileSync(join(folder, 'settings.json'), 'utf8'));
    if (same.some((key) => theirs[key] !== settings[key])) throw new Error(`REUSE ${folder}: its ${same.join('/')} differ from this run's`);
    for (const file of readdirSync(join(folder, 'retrain')).filter((f) => f.endsWith('.json'))) {
      const result = JSON.parse(readFileSync(join(folder, 'retrain', file), 'utf8'));
      const name = file.replace(/-s\d+\.json$/, '');
      const archFile = result.source === 'random' ? join(folder, 'random', `${name}.arch.json`)
        : join(folder, 'search', name.startsWith('multitask-') ? 'multitask' : `single-${result.task}`, `${result.task}.arch.json`);
      found.set(`${result.task}|${networkOf({ arch: archFile, task: result.task })}|${result.seed}`, { ...result, reusedFrom: join(folder, 'retrain', file) });
    }
  }
  return found;
}

/** The network a job's architecture document describes (`describeNetwork`, in the document's own layout). */
function networkOf(job) {
  const architecture = parseTaskArchitecture(JSON.parse(readFileSync(job.arch, 'utf8')), job.arch);
  const layout = multitaskLayout(architecture.layout);
  return describeNetwork(layout, job.task, keepMask(layout, architecture));
}

async function retrain(job, seed) {
  mkdirSync(join(out, 'retrain'), { recursive: true });
  const started = Date.now();
  const stdout = await fbnas([
    'multitask', 'train', '--arch', job.arch, '--data', settings.data, '--train-images', String(settings.trainImages),
    '--epochs', String(settings.retrainEpochs), '--seed', String(seed), '--out', join(out, 'retrain', `${job.name}-s${seed}`), '--json',
  ], join(out, 'retrain', `${job.name}-s${seed}.log`));
  const result = { ...JSON.parse(stdout), source: job.source, seed, seconds: (Date.now() - started) / 1000 };
  writeAtomic(resultPath(job, seed), JSON.stringify(result, null, 2));
  console.log(`${job.name} seed ${seed}: ${result.metric} ${result.value.toFixed(4)}, ${(result.macs / 1e6).toFixed(2)} M MACs (${result.seconds.toFixed(0)} s)`);
}

/** Runs `tasks` (functions returning promises), `concurrency` at a time. */
async function pool(tasks) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tasks.length) await tasks[next++]();
  }));
}

if (phase === 'run') {
  await pool(searches.filter((s) => !searchDone(s)).map((s) => () => runSearch(s)));
  const jobs = [...retrainList(), ...randomList()];
  const reusable = reusableResults();
  const todo = [];
  for (const job of jobs) {
    const network = networkOf(job);
    for (const seed of seedsOf(job).filter((s) => !existsSync(resultPath(job, s)))) {
      const earlier = reusable.get(`${job.task}|${network}|${seed}`);
      if (earlier === undefined) todo.push(() => retrain(job, seed));
      else {
        mkdirSync(join(out, 'retrain'), { recursive: true });
        writeAtomic(resultPath(job, seed), JSON.stringify({ ...earlier, source: job.source }, null, 2));
        console.log(`${job.name} seed ${seed}: reused ${earlier.reusedFrom}`);
      }
    }
  }
  await pool(todo);
} else {
  const jobs = [...retrainList(), ...randomList()];
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const sd = (values) => Math.sqrt(values.reduce((a, v) => a + (v - mean(values)) ** 2, 0) / Math.max(1, values.length - 1));
  const rows = jobs.map((job) => {
    const results = readdirSync(join(out, 'retrain')).filter((f) => new RegExp(`^${job.name}-s\\d+\\.json$`).test(f)).map((f) => JSON.parse(readFileSync(join(out, 'retrain', f), 'utf8')));
    const architecture = parseTaskArchitecture(JSON.parse(readFileSync(job.arch, 'utf8')), job.arch);
    const layout = multitaskLayout(architecture.layout);
    return { ...job, network: describeNetwork(layout, job.task, keepMask(layout, architecture)), keep: architecture.keep, macs: architecture.macs, metric: results[0]?.metric, seeds: results.map((r) => r.seed), values: results.map((r) => r.value), value: results.length ? mean(results.map((r) => r.value)) : null };
  });
  const cost = Object.fromEntries(searches.map((s) => [s.name, JSON.parse(readFileSync(join(out, 'search', `${s.name}.cost.json`), 'utf8'))]));
  const policies = JSON.parse(readFileSync(join(searchFolder('multitask'), 'search-result.json'), 'utf8'));
  const tasks = MULTITASK_TASKS.map((task) => {
    const of = (source) => rows.filter((r) => r.task === task && r.source === source);
    const random = of('random').filter((r) => r.value !== null);
    const { target, poolSize } = randomArchitectures(task);
    // A retraining seed fixes the training subset and the canvases (`fbnas multitask train` draws them from it), so
    // one seed can be harder for every network: compare on the seeds every network of the task was retrained with.
    const all = [of('multitask')[0], of('single-task search')[0], ...random];
    const common = all[0].seeds.filter((seed) => all.every((r) => r.seeds.includes(seed))).sort((a, b) => a - b);
    const on = (row) => (common.length ? mean(common.map((seed) => row.values[row.seeds.indexOf(seed)])) : null);
    const randomOn = random.map(on);
    return {
      task, metric: of('multitask')[0].metric,
      multitask: of('multitask')[0], single: of('single-task search')[0],
      random: { mean: random.length ? mean(random.map((r) => r.value)) : null, sd: random.length ? sd(random.map((r) => r.value)) : null, best: random.length ? Math.max(...random.map((r) => r.value)) : null, rows: random, macsTarget: target, poolSize },
      matched: {
        seeds: common, multitask: on(all[0]), single: on(all[1]),
        random: { mean: random.length && common.length ? mean(randomOn) : null, sd: random.length && common.length ? sd(randomOn) : null },
        randomBelowMultitask: common.length ? randomOn.filter((v) => v < on(all[0])).length : null,
        randomBelowSingle: common.length ? randomOn.filter((v) => v < on(all[1])).length : null,
      },
    };
  });
  const singleSeconds = MULTITASK_TASKS.reduce((a, t) => a + cost[`single-${t}`].epochSeconds, 0);
  const summary = {
    settings, cost: { ...cost, multitaskVsSingleTaskSearches: cost.multitask.epochSeconds / singleSeconds },
    policies: { blocks: policies.blocks, tasks: policies.tasks.map((t) => ({ task: t.task, keep: t.keep, macs: t.macs, targetMacs: t.targetMacs })) },
    tasks,
  };
  writeAtomic(join(out, 'ablation.json'), JSON.stringify(summary, null, 2));
  console.log(`search cost: multi-task ${cost.multitask.epochSeconds.toFixed(0)} s vs three single-task searches ${singleSeconds.toFixed(0)} s (${summary.cost.multitaskVsSingleTaskSearches.toFixed(2)}×)`);
  for (const t of tasks) console.log(`${t.task}: multi-task ${t.multitask.network}; single-task ${t.single.network}`);
  console.log('| task | metric | multi-task arch | single-task search arch | random, equal MACs: mean ± sd (best) | n random |');
  console.log('|---|---|---:|---:|---:|---:|');
  const f = (v) => (v === null || v === undefined ? '–' : v.toFixed(4));
  for (const t of tasks) {
    console.log(`| ${t.task} | ${t.metric} | ${f(t.multitask.value)} (${(t.multitask.macs / 1e6).toFixed(2)} M) | ${f(t.single.value)} (${(t.single.macs / 1e6).toFixed(2)} M) | ${f(t.random.mean)} ± ${f(t.random.sd)} (${f(t.random.best)}) | ${t.random.rows.length} of ${t.random.poolSize} |`);
  }
  console.log('On the seeds every network of the task has (matched seeds):');
  console.log('| task | seeds | multi-task arch | single-task search arch | random: mean ± sd | random below multi-task / single-task |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const { task, matched: m, random } of tasks) {
    console.log(`| ${task} | ${m.seeds.join(', ') || 'none'} | ${f(m.multitask)} | ${f(m.single)} | ${f(m.random.mean)} ± ${f(m.random.sd)} | ${m.randomBelowMultitask ?? '–'} / ${m.randomBelowSingle ?? '–'} of ${random.rows.length} |`);
  }
}
