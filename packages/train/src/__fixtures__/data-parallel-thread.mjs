// A `runDataParallelThreads` worker for the tests (plain JS: worker threads load built code, `dist/`).
// `input.job` picks what each rank does: `sum` (exchange arrays), `fail` (rank `input.failRank` throws), `search`
// (a tiny DNAS search as one worker of the group).
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { defaultSearchConfig, planEntry, planHead, runSearch, serveDataParallelThread } from '../../dist/index.js';

/** The tiny supernet of `tiny-search.ts`: 8×8×1 input, two searchable layers of three candidates, three classes. */
function tinyLayout() {
  const stem = planEntry(['conv_k3', 8, 2, 1], { height: 8, width: 8, channels: 1 });
  const shape = stem.outShape;
  const candidates = [['ir_k3', { expansion: 1 }], ['ir_k5', { expansion: 3 }], ['skip', {}]];
  const search = (id) => ({
    kind: 'search', id, inShape: shape,
    candidates: candidates.map(([op, args]) => ({ name: op, plan: planEntry([op, 8, 1, 1, args], shape).plan })),
  });
  return {
    name: 'tiny',
    items: [
      { kind: 'fixed', path: 'stem', plan: stem.plan, inShape: { height: 8, width: 8, channels: 1 } },
      search('tbs_0'), search('tbs_1'),
      { kind: 'fixed', path: 'head', plan: planHead(shape, 3).plan, inShape: shape },
    ],
  };
}

/** `count` batches of 8 images: three classes (bright top, bright bottom, dark) plus a pattern; fixed per epoch. */
function batches(count, offset) {
  return (epoch) => Array.from({ length: count }, (_, b) => {
    const size = 8;
    const images = new Float32Array(size * 64);
    const labels = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const label = (b + i + epoch + offset) % 3;
      labels[i] = label;
      for (let p = 0; p < 64; p++) images[i * 64 + p] = (label === 0 && p < 32) || (label === 1 && p >= 32) ? 1 : ((p * 7 + i * 3 + b) % 5) / 10;
    }
    return { images, labels, size };
  });
}

serveDataParallelThread(async (input, group) => {
  if (input.job === 'sum') {
    const values = Float32Array.from({ length: input.length }, (_, i) => (group.rank + 1) * (i + 1));
    const sums = [group.sum(values), group.sum(values.map((v) => -v))];
    // Float64 rounds between float32 ones: values float32 cannot hold (a slot holds half as many).
    const wide = group.sum(Float64Array.from(values, (v) => v + (group.rank + 1) * 1e-9));
    group.barrier();
    // What every rank got, gathered (each in its own block) so rank 0 can return it.
    const gathered = new Float32Array(group.size * input.length);
    gathered.set(sums[0], group.rank * input.length);
    const everyRank = group.sum(gathered);
    return { rank: group.rank, sums: sums.map((s) => Array.from(s)), wide: Array.from(wide), wideType: wide.constructor.name, everyRank: Array.from(everyRank) };
  }
  if (input.job === 'fail') {
    group.barrier();
    if (group.rank === input.failRank) throw new RangeError(`rank ${group.rank} failed on purpose`);
    group.sum(new Float32Array(4));
    return 'unreachable';
  }
  await selectBackend({ backend: input.backend });
  const table = tf.tensor2d([[1000, 3000, 10], [1000, 3000, 10]]);
  const result = await runSearch({
    layout: tinyLayout(), shape: [8, 8, 1], classes: 3, runFolder: input.runFolder,
    config: defaultSearchConfig({ epochs: 3, warmupEpochs: 1, batchSize: 8, seed: 5, weightLearningRate: 0.02, architectureLearningRate: 0.1, gumbelSamples: input.gumbelSamples }),
    weightBatches: batches(2, 0), architectureBatches: batches(1, 1),
    expectedCost: (p) => tf.tidy(() => tf.add(tf.sum(tf.mul(p, table)), 500)),
    ...(group.size > 1 ? { dataParallel: group } : {}),
  });
  table.dispose();
  return { theta: result.theta, weightLosses: result.logs.map((l) => l.weightLoss) };
});
