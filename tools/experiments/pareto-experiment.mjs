// Issue #10, item 4: is the search better than random? A β sweep of DNAS (fbnet-micro-28) and a MAC-target sweep
// of DMaskingNAS (fbnetv2-micro-28), each searched architecture retrained with one recipe, against RANDOM random
// architectures of each space retrained the same way. Writes two experiment folders that `fbnas report` plots
// (accuracy vs measured latency and vs MACs, with the random points' Pareto front):
//   pnpm build && node tools/experiments/pareto-experiment.mjs OUT run        # every unit not done yet; re-run to resume
//   SHARD=0/2 node … OUT run & SHARD=1/2 node … OUT run                          # two processes, disjoint units
//   node tools/experiments/pareto-experiment.mjs OUT collect                    # idle machine: time every model, write
//                                                                               # OUT/dnas/experiment.json, OUT/dmasking/…
// Environment (defaults): DATA (embedded), TRAIN_IMAGES (all), SEED (0), SEARCH_EPOCHS (6), TRAIN_EPOCHS (15),
// BETAS (0,0.3,0.6,1.2), TARGETS (MACs: 300000,600000,1200000; empty: no DMaskingNAS), LATENCY_TARGETS (µs per image
// at batch 1: DMaskingNAS searches steered to a latency by a linear latency model, `fbnas search --target-latency`;
// default none), LATENCY_MODEL (OUT/latency-model.json, fitted once here when missing: `fbnas latency fit`, 60
// networks), RANDOM (20), LUT (OUT/lut.json,
// measured once here when missing), RETRAIN_DATA and RETRAIN_IMAGES (retrain on other data than the search; default
// the search's), SEARCH_FROM (a runs/search folder of an earlier experiment whose finished searches to reuse), SEARCH_CONFIG (JSON overrides of the DNAS search config; default: the `small` recipe, the demo's),
// MASK_SEARCH_CONFIG (JSON overrides of the DMaskingNAS search config; default none: `fbnas search --target-macs`'s),
// MASK_SPACE (an fbnas.mask-space/v1 file the DMaskingNAS searches run in instead of fbnetv2-micro-28, e.g. a subspace
// of it; the random points stay fbnetv2-micro-28's unless RANDOM_IN_MASK_SPACE=1 draws them from MASK_SPACE),
// WEIGHT_FRACTION (0.8: the share of the search's images that trains the weights, the rest θ),
// PICK_RESOLUTION (supernet; train: `fbnas search --pick-resolution train`, one search per resolution, the resolution
// picked by training each network PICK_EPOCHS (3) epochs on the search's images less 20 % held out),
// PICK_ARCHITECTURE (argmax; train: `fbnas search --pick-architecture train`, FBNet's last step: the argmax and
// PICK_SAMPLES (5) architectures drawn from P_θ each trained PICK_EPOCHS epochs, the lowest search loss on held-out images kept),
// TIMING_PASSES (3: each model's latency is the fastest of this many passes over all models, each pass a median of 100),
// RANDOM_FROM (an earlier experiment's OUT, or its committed copy, whose random architectures were retrained with
// this same recipe: `run` skips them, and `collect` takes their accuracy from its dnas/ and dmasking/experiment.json
// and times each one on a freshly built model, beside the searched ones), RETRAIN_SEEDS (SEED: every architecture is
// retrained once per seed, SEED's run in OUT/runs/train/NAME and each other seed's in NAME-seed-S; a point's accuracy
// is the mean over its seeds and `accuracies` lists them; with RANDOM_FROM, SEED's accuracy of a random point comes
// from there and its other seeds run here). Every search and training is an ordinary resumable run folder under OUT/runs.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { zeros } from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { SEARCH_RECIPES, architecturePickWorkflow, maskSearchWorkflow, resolutionPickWorkflow, searchWorkflow, trainWorkflow } from '@fbnas/cli';
import { selectBackend } from '@fbnas/backend';
import { countArch } from '@fbnas/core';
import { buildLatencyModel, buildLatencyTable, loadLatencyModel, loadLatencyTable, median, saveLatencyModel, saveLatencyTable, timePredict } from '@fbnas/latency';
import { buildModel, fileSystemIO, registerFbnasLayers } from '@fbnas/ops';
import { buildReport, readRunFolder, renderSvg, writeReport } from '@fbnas/report';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { derive, deriveMask, loadMaskSpace, loadSpace, parseMaskSpace, randomMaskSample, randomSample, seededRandom } from '@fbnas/search-space';

const [out, phase = 'run'] = process.argv.slice(2);
if (!out || !['run', 'collect'].includes(phase)) throw new Error('usage: pareto-experiment.mjs OUT [run|collect]');
const env = process.env;
const data = env.DATA ?? 'embedded';
const seed = Number(env.SEED ?? 0);
const trainImages = env.TRAIN_IMAGES ? Number(env.TRAIN_IMAGES) : undefined;
const searchEpochs = Number(env.SEARCH_EPOCHS ?? 6);
const trainEpochs = Number(env.TRAIN_EPOCHS ?? 15);
const list = (text) => text.split(',').filter((item) => item.trim() !== '').map(Number);
const betas = list(env.BETAS ?? '0,0.3,0.6,1.2');
const targets = list(env.TARGETS ?? '300000,600000,1200000');
const latencyTargets = list(env.LATENCY_TARGETS ?? '');
const retrainData = env.RETRAIN_DATA ?? data;
const retrainImages = env.RETRAIN_IMAGES ? Number(env.RETRAIN_IMAGES) : env.RETRAIN_DATA ? undefined : trainImages;
const searchFrom = env.SEARCH_FROM;
const randomFrom = env.RANDOM_FROM;
const randomCount = Number(env.RANDOM ?? 20);
const timingPasses = Number(env.TIMING_PASSES ?? 3);
const retrainSeeds = env.RETRAIN_SEEDS ? list(env.RETRAIN_SEEDS) : [seed];
if (!retrainSeeds.includes(seed)) throw new Error(`RETRAIN_SEEDS (${retrainSeeds.join(',')}) must include SEED (${seed})`);
/** A zero batch of one image for `architecture`. */
const inputOf = (architecture) => zeros([1, architecture.inputSize, architecture.inputSize, architecture.inputChannels ?? 3]);
const searchConfig = env.SEARCH_CONFIG ? JSON.parse(env.SEARCH_CONFIG) : SEARCH_RECIPES.small;
const maskSearchConfig = env.MASK_SEARCH_CONFIG ? JSON.parse(env.MASK_SEARCH_CONFIG) : undefined;
/** The share of the search's images that trains the weights (WEIGHT_FRACTION; default the workflows' 0.8). */
const weightFraction = env.WEIGHT_FRACTION ? { weightFraction: Number(env.WEIGHT_FRACTION) } : {};
const pickResolution = env.PICK_RESOLUTION ?? 'supernet';
if (!['supernet', 'train'].includes(pickResolution)) throw new Error(`PICK_RESOLUTION: expected supernet or train, got '${pickResolution}'`);
const pickEpochs = env.PICK_EPOCHS ? Number(env.PICK_EPOCHS) : undefined;
const pickArchitecture = env.PICK_ARCHITECTURE ?? 'argmax';
if (!['argmax', 'train'].includes(pickArchitecture)) throw new Error(`PICK_ARCHITECTURE: expected argmax or train, got '${pickArchitecture}'`);
const pickSamples = Number(env.PICK_SAMPLES ?? 5);
const [shard, shards] = (env.SHARD ?? '0/1').split('/').map(Number);
const runs = join(out, 'runs');
const say = (message) => console.log(`${new Date().toISOString().slice(11, 19)} ${message}`);
const dnasSpace = loadSpace('fbnet-micro-28');
const maskSpace = loadMaskSpace('fbnetv2-micro-28');
const searchMaskSpace = env.MASK_SPACE ? parseMaskSpace(JSON.parse(readFileSync(env.MASK_SPACE, 'utf8'))) : maskSpace;
const randomMaskSpace = env.RANDOM_IN_MASK_SPACE === '1' ? searchMaskSpace : maskSpace;
const ops = createBuiltinOpSpecRegistry();
mkdirSync(runs, { recursive: true });
await selectBackend({ onWarning: say });

const lutPath = env.LUT ?? join(out, 'lut.json');
if (!existsSync(lutPath)) {
  if (shard !== 0) throw new Error(`${lutPath}: missing; let shard 0 measure it first (or pass LUT)`);
  say(`measuring the latency table of ${dnasSpace.name} (batch 1)…`);
  await saveLatencyTable(lutPath, await buildLatencyTable(dnasSpace, { batchSize: 1, warmup: 10, repeats: 30 }));
}
await loadLatencyTable(lutPath, dnasSpace); // checks that the table belongs to the space
const latencyModelPath = env.LATENCY_MODEL ?? join(out, 'latency-model.json');
if (latencyTargets.length > 0 && !existsSync(latencyModelPath)) {
  if (shard !== 0) throw new Error(`${latencyModelPath}: missing; let shard 0 fit it first (or pass LATENCY_MODEL)`);
  say(`fitting the latency model of ${maskSpace.name} (60 networks)…`);
  await saveLatencyModel(latencyModelPath, await buildLatencyModel(maskSpace, { networks: 60, repeats: 100 }));
}
const latencyModel = latencyTargets.length > 0 ? await loadLatencyModel(latencyModelPath, maskSpace) : undefined;

/** The retraining run folder of unit `name` with seed `s`: SEED's is `train/NAME` (as before seeds were added). */
const trainFolder = (name, s) => join(runs, 'train', s === seed ? name : `${name}-seed-${s}`);
const train = (name, architecture, s) => trainWorkflow({ architecture, data: retrainData, out: trainFolder(name, s), epochs: trainEpochs, seed: s, trainImages: retrainImages, onMessage: () => {} });
/** With SEARCH_FROM, a search folder not here yet is copied from there (a finished search then only derives). */
const reuseSearch = (name) => {
  if (searchFrom && !existsSync(join(runs, 'search', name)) && existsSync(join(searchFrom, name))) cpSync(join(searchFrom, name), join(runs, 'search', name), { recursive: true });
};

/** The units of work, in a fixed order; each is resumable and skipped once its retraining has a result. */
const units = [
  ...betas.map((beta) => ({
    name: `dnas-beta-${beta}`, group: 'dnas',
    async run() {
      reuseSearch(this.name);
      const options = {
        space: dnasSpace.name, data, out: join(runs, 'search', this.name), epochs: searchEpochs, seed, trainImages, lut: lutPath, samples: 0, ...weightFraction,
        config: { ...searchConfig, loss: { kind: 'multiplicative', alpha: 0.2, beta } }, onMessage: () => {},
      };
      if (pickArchitecture === 'train') {
        const pick = await architecturePickWorkflow({ ...options, samples: pickSamples, pick: { epochs: pickEpochs } });
        return pick.candidates.find((c) => c.derived.name === pick.picked).derived.architecture;
      }
      return (await searchWorkflow(options)).architectures[0].architecture;
    },
  })),
  ...[...targets.map((value) => ({ mode: 'flops', value, name: `dmasking-macs-${value}` })), ...latencyTargets.map((value) => ({ mode: 'latency', value, name: `dmasking-latency-${value}` }))].map((target) => ({
    name: target.name, group: 'dmasking',
    async run() {
      reuseSearch(this.name);
      const options = {
        space: searchMaskSpace, data, out: join(runs, 'search', this.name), epochs: searchEpochs, seed, trainImages, target: { mode: target.mode, value: target.value },
        ...(target.mode === 'latency' ? { latencyModel } : {}), config: maskSearchConfig, ...weightFraction, onMessage: () => {},
      };
      const search = pickResolution === 'train'
        ? (await resolutionPickWorkflow({ ...options, pick: { epochs: pickEpochs } })).search
        : await maskSearchWorkflow(options);
      return search.derived.architecture;
    },
  })),
  ...Array.from({ length: betas.length ? randomCount : 0 }, (_, i) => ({
    name: `dnas-random-${i + 1}`, group: 'dnas', random: true,
    run: async () => derive(dnasSpace, randomSample(dnasSpace, seededRandom(1000 + i)), { name: `${dnasSpace.name}-random-${i + 1}` }),
  })),
  ...Array.from({ length: targets.length + latencyTargets.length ? randomCount : 0 }, (_, i) => ({
    name: `dmasking-random-${i + 1}`, group: 'dmasking', random: true,
    run: async () => deriveMask(randomMaskSpace, randomMaskSample(randomMaskSpace, seededRandom(2000 + i)), { name: `${randomMaskSpace.name}-random-${i + 1}` }),
  })),
];

if (phase === 'run') {
  // Work items are (unit, seed) pairs, SEED's first: the other seeds of a searched unit take its architecture from
  // SEED's retraining (or search again, which resumes). A unit's seeds share a shard, so no shard waits on another's search.
  const items = retrainSeeds.flatMap((s) => units.map((unit, index) => ({ unit, index, s })));
  for (const { unit, index, s } of items) {
    if (index % shards !== shard) continue;
    if (existsSync(join(trainFolder(unit.name, s), 'result.json')) || (unit.random && randomFrom && s === seed)) continue;
    const started = Date.now();
    const primary = join(trainFolder(unit.name, seed), 'config.json');
    const reuse = !unit.random && s !== seed && existsSync(primary);
    say(`${unit.name} (seed ${s}): ${unit.random || reuse ? 'retraining' : 'searching, then retraining'}`);
    const architecture = reuse ? JSON.parse(readFileSync(primary, 'utf8')).architecture : await unit.run();
    const result = await train(unit.name, architecture, s);
    result.model.dispose();
    say(`${unit.name} (seed ${s}): test accuracy ${(result.testAccuracy * 100).toFixed(1)} % (${((Date.now() - started) / 60000).toFixed(1)} min)`);
  }
} else {
  registerFbnasLayers();
  const recipeOf = (seeds) => `every architecture retrained ${trainEpochs} epochs (seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}${seeds.length > 1 ? '; accuracy their mean' : ''}) on ${retrainImages ?? 'all'} training images of ${retrainData}, tested on its test set`;
  const recipe = recipeOf(retrainSeeds);
  /** The test accuracy of `name`'s retraining with each of RETRAIN_SEEDS; `first` stands in for SEED's when given. */
  const seedAccuracies = (name, first) => retrainSeeds.map((s) => {
    if (s === seed && first !== undefined) return first;
    const file = join(trainFolder(name, s), 'result.json');
    if (!existsSync(file)) throw new Error(`${file}: missing: run \`… run\` with RETRAIN_SEEDS=${retrainSeeds.join(',')} first`);
    return JSON.parse(readFileSync(file, 'utf8')).testAccuracy;
  });
  /** `accuracy` (the mean over seeds) and, for several seeds, `accuracies`. */
  const accuracyFields = (accuracies) => ({
    accuracy: accuracies.reduce((sum, a) => sum + a, 0) / accuracies.length,
    ...(accuracies.length > 1 ? { accuracies } : {}),
  });
  for (const group of ['dnas', 'dmasking']) {
    const points = [];
    const timed = [];
    const earlier = randomFrom ? reusedRandomPoints(group, recipeOf([seed])) : null;
    for (const unit of units.filter((u) => u.group === group)) {
      if (unit.random && earlier) {
        const name = unit.name.replace(`${group}-`, '');
        const { accuracy: first } = earlier.get(name) ?? {};
        if (first === undefined) throw new Error(`RANDOM_FROM ${randomFrom}: ${group}/experiment.json has no point ${name}`);
        const architecture = await unit.run();
        const model = buildModel(architecture, { ops });
        const fields = accuracyFields(seedAccuracies(unit.name, first));
        points.push({ name, kind: 'random', ...fields, latencyUs: 0, macs: countArch(architecture, ops).macs });
        timed.push({ point: points.at(-1), model, input: inputOf(architecture) });
        say(`${unit.name}: accuracy ${(fields.accuracy * 100).toFixed(2)} % (seed ${seed} from ${randomFrom})`);
        continue;
      }
      const folder = join(runs, 'train', unit.name);
      if (!existsSync(join(folder, 'result.json'))) {
        say(`${unit.name}: not retrained yet; left out`);
        continue;
      }
      const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8'));
      const architecture = config.architecture;
      const model = await loadLayersModel(fileSystemIO(join(folder, 'model')));
      const fields = accuracyFields(seedAccuracies(unit.name));
      const point = {
        name: unit.name.replace(`${group}-`, ''), kind: unit.random ? 'random' : 'searched', ...fields, latencyUs: 0,
        macs: countArch(architecture, ops).macs, run: `../runs/train/${unit.name}`,
        ...(unit.random ? {} : { group: group === 'dnas' ? 'DNAS β sweep' : unit.name.startsWith('dmasking-latency-') ? 'DMaskingNAS latency targets' : 'DMaskingNAS MAC targets' }),
      };
      points.push(point);
      timed.push({ point, model, input: inputOf(architecture) });
      say(`${unit.name}: accuracy ${(fields.accuracy * 100).toFixed(2)} %, ${point.macs} MACs`);
    }
    // Batch-1 latency of every model: the median of 100 predicts, in TIMING_PASSES passes over all models; each
    // keeps its fastest pass, so a pass slowed by something else (the first model's warm-up of the backend, another
    // process) does not count.
    for (let pass = 0; pass < timingPasses; pass++) {
      for (const { point, model, input } of timed) {
        const latencyUs = median(timePredict(model, input, { warmup: 20, repeats: 100 }));
        point.latencyUs = pass === 0 ? latencyUs : Math.min(point.latencyUs, latencyUs);
      }
    }
    for (const { point, model, input } of timed) {
      model.dispose();
      input.dispose();
      say(`${group}-${point.name}: ${point.latencyUs.toFixed(0)} µs`);
    }
    if (points.length === 0) continue;
    const experiment = {
      format: 'fbnas.experiment/v1',
      title: group === 'dnas' ? `DNAS β sweep (${betas.join(', ')}) vs ${randomCount} random architectures of fbnet-micro-28` : `DMaskingNAS ${[targets.length ? `MAC-target sweep (${targets.join(', ')})` : '', latencyTargets.length ? `latency-target sweep (${latencyTargets.join(', ')} µs)` : ''].filter(Boolean).join(' and ')}${searchMaskSpace === maskSpace ? '' : ` in ${searchMaskSpace.name}`} vs ${randomCount} random architectures of ${randomMaskSpace.name}`,
      description: `${recipe}${earlier ? ` (the random ones${retrainSeeds.length > 1 ? `' seed ${seed}` : ''} by ${randomFrom})` : ''}; searches ${searchEpochs} epochs on ${trainImages ?? 'all'} images of ${data}${pickResolution === 'train' && targets.length + latencyTargets.length ? `, the DMaskingNAS input resolution picked by training (--pick-resolution train, ${pickEpochs ?? 3} epochs)` : ''}${pickArchitecture === 'train' && betas.length ? `, the DNAS architecture picked by training the argmax and ${pickSamples} samples of P_θ (--pick-architecture train, ${pickEpochs ?? 3} epochs)` : ''}; latency measured afterwards at batch 1, one model at a time, the fastest of ${timingPasses} passes`,
      points,
    };
    // A searched point is on or above the random points' Pareto front when no random point has both lower (or
    // equal) latency and higher accuracy; the same against MACs.
    for (const point of points.filter((p) => p.kind === 'searched')) {
      const randoms = points.filter((p) => p.kind === 'random');
      const by = (axis) => randoms.filter((r) => r[axis] <= point[axis] && r.accuracy > point.accuracy).map((r) => r.name);
      point.dominatedBy = { latency: by('latencyUs'), macs: by('macs') };
      say(`${point.name}: ${point.dominatedBy.latency.length ? `below the random front in latency (dominated by ${point.dominatedBy.latency.join(', ')})` : 'on or above the random front in latency'}; ` +
        `${point.dominatedBy.macs.length ? `below it in MACs (dominated by ${point.dominatedBy.macs.join(', ')})` : 'on or above it in MACs'}`);
    }
    const summary = points.filter((p) => p.kind === 'searched').map(({ name, dominatedBy }) => ({ name, dominatedBy }));
    for (const point of points) delete point.dominatedBy;
    mkdirSync(join(out, group), { recursive: true });
    writeFileSync(join(out, group, 'front-check.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const file = join(out, group, 'experiment.json');
    writeFileSync(`${file}.tmp`, `${JSON.stringify(experiment, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    say(`wrote ${file}`);
    // The report page, and each of its figures as an SVG file to commit beside the results.
    const document = buildReport(await readRunFolder(join(out, group)), { ops });
    for (const figure of document.sections.flatMap((section) => section.figures)) {
      writeFileSync(join(out, group, `${figure.id}.svg`), await renderSvg(figure.spec));
      say(`wrote ${join(out, group, `${figure.id}.svg`)}`);
    }
    say(`wrote ${(await writeReport(join(out, group), { ops })).path}`);
  }
}

/**
 * The random points of RANDOM_FROM's `group`/experiment.json by name, after checking that they were retrained with
 * `recipe` (the start of its description).
 */
function reusedRandomPoints(group, recipe) {
  const file = join(randomFrom, group, 'experiment.json');
  const earlier = JSON.parse(readFileSync(file, 'utf8'));
  if (!earlier.description.startsWith(recipe)) throw new Error(`${file}: retrained otherwise ("${earlier.description}"), not "${recipe}"`);
  return new Map(earlier.points.filter((p) => p.kind === 'random').map((p) => [p.name, p]));
}
