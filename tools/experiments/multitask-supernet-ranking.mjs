// Issue #14: does the searched supernet rank networks of equal cost as they rank when trained alone? For each task,
// every network of a multitask-ablation folder (the multi-task and single-task searches' and the random ones) is
// evaluated inside the multi-task search's final supernet (its keep mask, BN on batch statistics, the first N test
// canvases) and compared with its retrained test metric (mean over seeds): Kendall τ per task.
//   pnpm build && node tools/experiments/multitask-supernet-ranking.mjs ABLATION_FOLDER TEST_CANVASES.fbmt [N] [CHECKPOINT [OUT]]
// CHECKPOINT (default ABLATION_FOLDER/search/multitask/checkpoint) may be another search's, e.g. to rank one ablation's
// retrained networks inside the supernet of a search run with other settings. Writes OUT (default
// ABLATION_FOLDER/supernet-ranking.json) and prints a table.
import '@tensorflow/tfjs-layers';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import { loadMultitaskDataset } from '@fbnas/data';
import { MULTITASK_TASKS, multitaskLayout } from '@fbnas/multitask';
import { createMultitaskSupernet, evaluateTask } from '@fbnas/multitask/supernet';
import { kendallTau } from '@fbnas/nars';
import { loadNamedTensors } from '@fbnas/train';
import { pooledNetworks } from './pooled-networks.mjs';
import { dispose } from '@tensorflow/tfjs-core';

const [folderArg, testFile, countArg = '2000', checkpointArg, outArg] = process.argv.slice(2);
if (!folderArg || !testFile) throw new Error('usage: multitask-supernet-ranking.mjs ABLATION_FOLDER TEST_CANVASES.fbmt [N] [CHECKPOINT [OUT]]');
// ABLATION_FOLDER may list several folders (comma-separated) retrained alike: their networks are pooled, a network
// retrained in more than one taking the mean of all its seeds. The first folder gives the defaults of CHECKPOINT and OUT.
const folders = folderArg.split(',').map((f) => resolve(f));
const folder = folders[0];
const checkpoint = resolve(checkpointArg ?? join(folder, 'search', 'multitask', 'checkpoint'));
const outFile = resolve(outArg ?? join(folder, 'supernet-ranking.json'));
await selectBackend({ backend: 'wasm' });
const full = loadMultitaskDataset(testFile);
const count = Math.min(Number(countArg), full.count);
const pixels = full.height * full.width;
const test = {
  ...full, count, images: full.images.subarray(0, count * pixels * full.channels), labels: full.labels.subarray(0, count),
  masks: full.masks.subarray(0, count * pixels), boxes: full.boxes.subarray(0, count * 4),
};
const ablations = folders.map((f) => JSON.parse(readFileSync(join(f, 'ablation.json'), 'utf8')));
const same = ['data', 'trainImages', 'retrainEpochs', 'layout'];
for (const [i, a] of ablations.entries()) {
  if (same.some((key) => a.settings[key] !== ablations[0].settings[key])) throw new Error(`${folders[i]}: its ${same.join('/')} differ from ${folder}'s`);
}
const layout = multitaskLayout(ablations[0].settings.layout);
const net = createMultitaskSupernet(layout, 0);
const { tensors } = await loadNamedTensors(checkpoint);
for (const [name, variable] of net.namedVariables()) variable.assign(tensors[name]);
dispose(Object.values(tensors));

const result = { settings: { folders, testFile, testSha256: full.sha256, images: count, checkpoint, bn: 'batch statistics (batches of 64)' }, tasks: [] };
for (const task of MULTITASK_TASKS) {
  const metric = ablations[0].tasks.find((x) => x.task === task).metric;
  const byNetwork = pooledNetworks(ablations, task);
  const scored = [...byNetwork.values()].map((row) => {
    const values = [...row.bySeed.values()];
    // The row's kept blocks (ablation.json lists them by id; its document paths may name a folder since moved).
    const keep = layout.skippable.map((b) => (row.keep.includes(b.id) ? 1 : 0));
    // evaluateTask asks the network for its outputs; here the supernet answers with this keep mask.
    const view = { forward: (x) => net.forward(x, keep, { training: true, tasks: [task] }) };
    return { name: `${row.name} (${row.folder + 1})`, network: row.network, retrained: values.reduce((a, b) => a + b, 0) / values.length, seeds: values.length, supernet: evaluateTask(view, task, test, layout.classes) };
  });
  const tau = kendallTau(scored.map((s) => s.supernet), scored.map((s) => s.retrained));
  result.tasks.push({ task, metric, kendallTau: tau, networks: scored });
  console.log(`${task} (${metric}): Kendall τ supernet vs retrained over ${scored.length} networks = ${tau.toFixed(2)}`);
  for (const s of [...scored].sort((a, b) => b.retrained - a.retrained)) console.log(`  ${s.name.padEnd(36)} retrained ${s.retrained.toFixed(4)}  in the supernet ${s.supernet.toFixed(4)}`);
}
net.dispose();
writeFileSync(`${outFile}.tmp`, JSON.stringify(result, null, 2));
renameSync(`${outFile}.tmp`, outFile);
