// Issue #14: does the searched supernet rank networks of equal cost as they rank when trained alone? For each task,
// every network of a multitask-ablation folder (the multi-task and single-task searches' and the random ones) is
// evaluated inside the multi-task search's final supernet (its keep mask, BN on batch statistics, the first N test
// canvases) and compared with its retrained test metric (mean over seeds): Kendall τ per task.
//   pnpm build && node tools/experiments/multitask-supernet-ranking.mjs ABLATION_FOLDER TEST_CANVASES.fbmt [N]
// Writes ABLATION_FOLDER/supernet-ranking.json and prints a table.
import '@tensorflow/tfjs-layers';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import { loadMultitaskDataset } from '@fbnas/data';
import { describeNetwork, keepMask, MULTITASK_TASKS, multitaskLayout, parseTaskArchitecture } from '@fbnas/multitask';
import { createMultitaskSupernet, evaluateTask } from '@fbnas/multitask/supernet';
import { kendallTau } from '@fbnas/nars';
import { loadNamedTensors } from '@fbnas/train';
import { dispose } from '@tensorflow/tfjs-core';

const [folderArg, testFile, countArg = '2000'] = process.argv.slice(2);
if (!folderArg || !testFile) throw new Error('usage: multitask-supernet-ranking.mjs ABLATION_FOLDER TEST_CANVASES.fbmt [N]');
const folder = resolve(folderArg);
await selectBackend({ backend: 'wasm' });
const full = loadMultitaskDataset(testFile);
const count = Math.min(Number(countArg), full.count);
const pixels = full.height * full.width;
const test = {
  ...full, count, images: full.images.subarray(0, count * pixels * full.channels), labels: full.labels.subarray(0, count),
  masks: full.masks.subarray(0, count * pixels), boxes: full.boxes.subarray(0, count * 4),
};
const ablation = JSON.parse(readFileSync(join(folder, 'ablation.json'), 'utf8'));
const layout = multitaskLayout(ablation.settings.layout);
const net = createMultitaskSupernet(layout, 0);
const { tensors } = await loadNamedTensors(join(folder, 'search', 'multitask', 'checkpoint'));
for (const [name, variable] of net.namedVariables()) variable.assign(tensors[name]);
dispose(Object.values(tensors));

const result = { settings: { testFile, testSha256: full.sha256, images: count, bn: 'batch statistics (batches of 64)' }, tasks: [] };
for (const task of MULTITASK_TASKS) {
  const t = ablation.tasks.find((x) => x.task === task);
  const rows = [t.multitask, t.single, ...t.random.rows].filter((r, i, all) => all.findIndex((o) => o.network === r.network) === i);
  const scored = rows.map((row) => {
    const architecture = parseTaskArchitecture(JSON.parse(readFileSync(row.arch, 'utf8')), row.arch);
    const keep = keepMask(layout, architecture);
    // evaluateTask asks the network for its outputs; here the supernet answers with this keep mask.
    const view = { forward: (x) => net.forward(x, keep, { training: true, tasks: [task] }) };
    return { name: row.name, network: describeNetwork(layout, task, keep), retrained: row.value, supernet: evaluateTask(view, task, test, layout.classes) };
  });
  const tau = kendallTau(scored.map((s) => s.supernet), scored.map((s) => s.retrained));
  result.tasks.push({ task, metric: t.metric, kendallTau: tau, networks: scored });
  console.log(`${task} (${t.metric}): Kendall τ supernet vs retrained over ${scored.length} networks = ${tau.toFixed(2)}`);
  for (const s of [...scored].sort((a, b) => b.retrained - a.retrained)) console.log(`  ${s.name.padEnd(36)} retrained ${s.retrained.toFixed(4)}  in the supernet ${s.supernet.toFixed(4)}`);
}
net.dispose();
writeFileSync(join(folder, 'supernet-ranking.json.tmp'), JSON.stringify(result, null, 2));
renameSync(join(folder, 'supernet-ranking.json.tmp'), join(folder, 'supernet-ranking.json'));
