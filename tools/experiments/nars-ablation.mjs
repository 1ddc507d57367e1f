// Issue #12, acceptance: does proxy pretraining help the predictor? (FBNetV3's ablation, fbnet-methods §3.4.)
// N architecture–recipe pairs of nars-micro-28 within a MAC budget (a QMC pool) are each trained from scratch with their
// own recipe, shortened to EPOCHS epochs, on the embedded Fashion-MNIST subset (2000 training images) and scored on
// its 500 test images; then, for several labelled-set sizes, predictors with and without proxy pretraining (on
// PRETRAIN free architectures) are fitted to the same labelled pairs and ranked on the same held-out pairs (Kendall τ),
// over REPEATS random splits.
//   pnpm build && node tools/experiments/nars-ablation.mjs OUT run          # trains every candidate not done yet (resumable)
//   SHARD=0/2 node … OUT run & SHARD=1/2 node … OUT run                     # two processes, disjoint candidates
//   node tools/experiments/nars-ablation.mjs OUT collect                    # the ablation: OUT/ablation.json and a table
// Environment (defaults): N (48), MAX_MACS (1500000), EPOCHS (4), SEED (0), PRETRAIN (3000), SIZES (12,24,36),
// HELD_OUT (12), REPEATS (5).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import { trainWorkflow } from '@fbnas/cli';
import { mulberry32 } from '@fbnas/core';
import { kendallTau, loadJointSpace, sampleJointSpace } from '@fbnas/nars';
import { createNarsPredictor } from '@fbnas/nars/predictor';

const [out, phase = 'run'] = process.argv.slice(2);
if (!out || !['run', 'collect'].includes(phase)) throw new Error('usage: nars-ablation.mjs OUT [run|collect]');
const env = process.env;
const count = Number(env.N ?? 48);
const maxMacs = Number(env.MAX_MACS ?? 1_500_000);
const epochs = Number(env.EPOCHS ?? 4);
const seed = Number(env.SEED ?? 0);
const [shard, shards] = (env.SHARD ?? '0/1').split('/').map(Number);
const space = loadJointSpace('nars-micro-28');
const pool = sampleJointSpace(space, { count, seed, constraints: { maxMacs } }).pairs;
mkdirSync(out, { recursive: true });

if (phase === 'run') {
  for (const [id, pair] of pool.entries()) {
    if (id % shards !== shard) continue;
    const folder = join(out, 'candidates', String(id));
    if (existsSync(join(folder, 'result.json'))) continue;
    const { recipe } = pair.sample;
    const started = Date.now();
    const result = await trainWorkflow({
      architecture: { ...pair.architecture, name: `nars-ablation-${id}` }, data: 'embedded', out: folder, epochs, seed,
      config: {
        learningRate: recipe.learningRate, weightDecay: recipe.weightDecay, optimizer: recipe.optimizer, mixup: recipe.mixup,
        dropout: recipe.dropout, stochasticDepth: recipe.stochasticDepth, ema: recipe.ema,
      },
    });
    result.model.dispose();
    console.log(`candidate ${id}: ${(pair.macs / 1e6).toFixed(2)} M MACs, test accuracy ${(result.testAccuracy * 100).toFixed(1)} % (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
} else {
  await selectBackend();
  const labelled = pool.map((pair, id) => {
    const path = join(out, 'candidates', String(id), 'result.json');
    return existsSync(path) ? { sample: pair.sample, accuracy: JSON.parse(readFileSync(path, 'utf8')).testAccuracy, macs: pair.macs } : null;
  }).filter((x) => x !== null);
  const sizes = (env.SIZES ?? '12,24,36').split(',').map(Number);
  const heldOut = Number(env.HELD_OUT ?? 12);
  const repeats = Number(env.REPEATS ?? 5);
  const free = sampleJointSpace(space, { count: Number(env.PRETRAIN ?? 3000), seed: seed + 1 }).pairs;
  const rows = [];
  for (const size of sizes.filter((s) => s + heldOut <= labelled.length)) {
    const taus = { pretrained: [], scratch: [], macsOnly: [] };
    for (let repeat = 0; repeat < repeats; repeat++) {
      const random = mulberry32(seed * 1000 + repeat);
      const order = labelled.map((_, i) => i).sort(() => 0).map((i) => [random(), i]).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
      const test = order.slice(0, heldOut).map((i) => labelled[i]);
      const train = order.slice(heldOut, heldOut + size).map((i) => labelled[i]);
      for (const variant of ['pretrained', 'scratch']) {
        const predictor = createNarsPredictor(space, { seed: repeat });
        if (variant === 'pretrained') predictor.pretrain(free, { epochs: 20 });
        predictor.fitAccuracy(train, { frozenEpochs: 50, unfrozenEpochs: 50 });
        taus[variant].push(kendallTau(predictor.predictAccuracy(test.map((t) => t.sample)), test.map((t) => t.accuracy)));
        predictor.dispose();
      }
      taus.macsOnly.push(kendallTau(test.map((t) => t.macs), test.map((t) => t.accuracy)));
    }
    const stats = (values) => ({ mean: values.reduce((a, b) => a + b, 0) / values.length, sd: Math.sqrt(values.reduce((a, b) => a + (b - values.reduce((x, y) => x + y, 0) / values.length) ** 2, 0) / values.length), values });
    rows.push({ labelled: size, heldOut, pretrained: stats(taus.pretrained), scratch: stats(taus.scratch), macsOnly: stats(taus.macsOnly) });
    console.log(`${size} labelled: τ pretrained ${stats(taus.pretrained).mean.toFixed(3)} ± ${stats(taus.pretrained).sd.toFixed(3)}, from scratch ${stats(taus.scratch).mean.toFixed(3)} ± ${stats(taus.scratch).sd.toFixed(3)}, MACs alone ${stats(taus.macsOnly).mean.toFixed(3)}`);
  }
  const accuracies = labelled.map((l) => l.accuracy);
  writeFileSync(join(out, 'ablation.json'), `${JSON.stringify({ space: space.name, candidates: labelled.length, maxMacs, epochs, seed, pretrainCount: free.length, accuracy: { min: Math.min(...accuracies), max: Math.max(...accuracies) }, rows }, null, 2)}\n`);
}
