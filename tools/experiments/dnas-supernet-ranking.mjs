// Issue #10: why does θ stay flat at β 0? Two questions asked of a finished DNAS search's supernet (fbnet-micro-28):
//  1. Does it rank networks as retraining does? Every network of a pareto experiment (the 20 random ones and the
//     searched ones) is run inside the supernet as a one-hot path, on the first N test images, and its accuracy there
//     is compared with its retrained test accuracy (mean over seeds): Kendall τ. Twice: batch norm on each batch's
//     own statistics, and on the supernet's running averages (accumulated under mixtures).
//  2. Does its cross-entropy separate one layer's candidates? Layer l set one-hot to candidate c, every other layer at
//     the search's mixture softmax(θ/τ); per layer, each candidate's CE on the N images, and the standard error of the
//     paired difference between the best candidate and each other one (per image, the same images).
//   pnpm build && node tools/experiments/dnas-supernet-ranking.mjs SEARCH_FOLDER EXPERIMENT.json [N] [OUT.json]
// SEARCH_FOLDER is a finished `fbnas search` folder (checkpoint/, search-result.json, config.json); EXPERIMENT.json a
// pareto experiment's dnas/experiment.json whose random points are `random-i` = randomSample(space, 1000 + i − 1)
// (pareto-experiment.mjs) and whose searched points name their search in SEARCHES (default: SEARCH_FOLDER/..).
// SEPARATION=0 skips question 2 (about 2 minutes per layer on 2000 images here).
import '@tensorflow/tfjs-layers';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { div, dispose, logSoftmax, mul, neg, oneHot, softmax, sum, tensor1d, tensor2d, tensor4d, tidy, argMax, equal, cast } from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { loadData } from '@fbnas/cli';
import { batches } from '@fbnas/data';
import { kendallTau } from '@fbnas/nars';
import { loadSpace, randomSample, seededRandom } from '@fbnas/search-space';
import { createSupernet, layoutFromSpace, loadNamedTensors } from '@fbnas/train';

const [folderArg, experimentArg, countArg = '2000', outArg] = process.argv.slice(2);
if (!folderArg || !experimentArg) throw new Error('usage: dnas-supernet-ranking.mjs SEARCH_FOLDER EXPERIMENT.json [N] [OUT.json]');
const folder = resolve(folderArg);
const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8'));
const searchResult = JSON.parse(readFileSync(join(folder, 'search-result.json'), 'utf8'));
const experiment = JSON.parse(readFileSync(resolve(experimentArg), 'utf8'));
const searches = resolve(process.env.SEARCHES ?? dirname(folder));
const outFile = resolve(outArg ?? join(folder, 'supernet-ranking.json'));
await selectBackend({ backend: 'wasm' });

const space = loadSpace(config.layout);
const supernet = createSupernet(layoutFromSpace(space), 0);
const { tensors } = await loadNamedTensors(join(folder, 'checkpoint'));
for (const [name, variable] of supernet.namedVariables()) variable.assign(tensors[name]);
dispose(Object.values(tensors));

const data = await loadData(config.inputs.data.spec);
const count = Math.min(Number(countArg), data.test.count);
const shape = [space.inputSize, space.inputSize, space.inputChannels];
const testBatches = [...batches(data.test, { batchSize: 100, seed: 0, epoch: 0, shuffle: false, normalize: data.normalize })]
  .slice(0, Math.ceil(count / 100))
  .map((b) => ({ x: tensor4d(b.images, [b.size, ...shape]), labels: b.labels, y: oneHot(tensor1d(b.labels, 'int32'), space.numClasses) }));
const images = testBatches.reduce((n, b) => n + b.y.shape[0], 0);

const layerIds = supernet.layerIds;
const names = supernet.candidateNames;
const width = supernet.theta.shape[1];
/** One-hot rows for an architecture sample ({ layerId: candidate }). */
const oneHotMask = (sample) => tensor2d(layerIds.map((id, l) => {
  const row = new Array(width).fill(0);
  const index = names[l].indexOf(sample[id]);
  if (index < 0) throw new Error(`${id}: no candidate ${sample[id]}`);
  row[index] = 1;
  return row;
}));
/** Per image: correct (0/1) and cross-entropy, for the supernet under `mask`. */
function evaluate(mask, { training, mode }) {
  const correct = [];
  const ce = [];
  for (const b of testBatches) {
    const [hit, loss] = tidy(() => {
      const logits = supernet.forward(b.x, { mask, training, mode });
      return [cast(equal(argMax(logits, 1), argMax(b.y, 1)), 'float32').dataSync(), neg(sum(mul(b.y, logSoftmax(logits)), 1)).dataSync()];
    });
    correct.push(...hit);
    ce.push(...loss);
  }
  return { correct, ce };
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pairedSe = (a, b) => {
  const d = a.map((x, i) => x - b[i]);
  const m = mean(d);
  return Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1) / d.length);
};

// 1. Ranking.
const searchedSample = (point) => {
  const file = join(searches, `dnas-${point.name}`, 'search-result.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).argmax : null;
};
const networks = experiment.points.flatMap((point) => {
  const match = /^random-(\d+)$/.exec(point.name);
  const sample = match ? randomSample(space, seededRandom(1000 + Number(match[1]) - 1)) : searchedSample(point);
  return sample ? [{ name: point.name, kind: point.kind, retrained: point.accuracy, seeds: point.accuracies?.length ?? 1, sample }] : [];
});
const ranking = {};
for (const [bn, training] of [['batch statistics', true], ['running averages', false]]) {
  const scored = networks.map((n) => {
    const mask = oneHotMask(n.sample);
    const { correct, ce } = evaluate(mask, { training, mode: 'sampled' });
    mask.dispose();
    return { name: n.name, kind: n.kind, retrained: n.retrained, supernetAccuracy: mean(correct), supernetCe: mean(ce) };
  });
  const randoms = scored.filter((s) => s.kind === 'random');
  ranking[bn] = {
    kendallTauRandom: kendallTau(randoms.map((s) => s.supernetAccuracy), randoms.map((s) => s.retrained)),
    kendallTauAll: kendallTau(scored.map((s) => s.supernetAccuracy), scored.map((s) => s.retrained)),
    networks: scored,
  };
  console.log(`BN on ${bn}: Kendall τ (supernet accuracy vs retrained), ${randoms.length} random: ${ranking[bn].kendallTauRandom.toFixed(2)}; all ${scored.length}: ${ranking[bn].kendallTauAll.toFixed(2)}`);
  for (const s of [...scored].sort((a, b) => b.retrained - a.retrained)) {
    console.log(`  ${s.name.padEnd(12)} retrained ${(s.retrained * 100).toFixed(2)} %   in the supernet ${(s.supernetAccuracy * 100).toFixed(2)} % (CE ${s.supernetCe.toFixed(3)})`);
  }
}

// 2. Per layer, candidate separation with the other layers at the search's mixture.
const temperature = config.search.temperature.value ?? config.search.temperature.initial ?? 5;
const thetaRows = searchResult.theta;
const mixture = tidy(() => softmax(div(tensor2d(thetaRows), temperature)).arraySync());
const layers = [];
for (let l = 0; l < (process.env.SEPARATION === '0' ? 0 : layerIds.length); l++) {
  const rows = names[l].map((_, c) => {
    const mask = tensor2d(mixture.map((row, r) => (r === l ? row.map((_, k) => (k === c ? 1 : 0)) : row.map((p, k) => (k < names[r].length ? p : 0)))));
    const result = evaluate(mask, { training: true, mode: 'all' });
    mask.dispose();
    return { candidate: names[l][c], ...result };
  });
  const best = rows.reduce((a, b) => (mean(a.ce) <= mean(b.ce) ? a : b));
  const summary = rows.map((r) => ({
    candidate: r.candidate, accuracy: mean(r.correct), ce: mean(r.ce),
    ceAboveBest: mean(r.ce) - mean(best.ce), pairedSe: r === best ? 0 : pairedSe(r.ce, best.ce),
    probability: Math.exp(thetaRows[l][names[l].indexOf(r.candidate)]) / names[l].reduce((s, _, k) => s + Math.exp(thetaRows[l][k]), 0),
  }));
  layers.push({ layer: layerIds[l], best: best.candidate, candidates: summary });
  console.log(`${layerIds[l]}: best ${best.candidate}; CE above it (paired SE): ${summary.filter((s) => s.candidate !== best.candidate).map((s) => `${s.candidate} +${s.ceAboveBest.toFixed(3)} (${s.pairedSe.toFixed(3)})`).join(', ')}`);
}

const result = {
  settings: { folder, experiment: resolve(experimentArg), images, temperature, note: 'test images; ranking by one-hot paths (mode sampled); separation with the other layers at softmax(θ/τ), mode all, BN on batch statistics' },
  ranking, layers,
};
dispose(testBatches.flatMap((b) => [b.x, b.y]));
supernet.dispose();
writeFileSync(`${outFile}.tmp`, JSON.stringify(result, null, 2));
renameSync(`${outFile}.tmp`, outFile);
console.log(`wrote ${outFile}`);
