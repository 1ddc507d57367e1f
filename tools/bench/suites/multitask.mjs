// FBNetV5's claim that a multi-task search costs about the same for any number of tasks: `runMultitaskSearch`
// (one architecture per step from the shared proposal, ONE forward/backward through every task's head, a REINFORCE
// update per task) with 1, 2 and 3 tasks, against the naive alternative of one single-task search per task (its
// cost is the sum of the single-task runs: linear in the number of tasks). Timed: the median step time of the
// search epochs (after the warm-up epoch), on the embedded Fashion-MNIST subset laid out on 56×56 canvases.
// A step runs the searched tasks' heads only (and the parts of the supernet that reach them); what grows with T is
// those heads, their losses and backward passes, and the policy updates. Policies are held at 0.5 (λ = 0, policy
// learning rate 0: the REINFORCE updates still run) so that every setting samples the same architectures step by
// step: a step's time depends on the blocks it keeps, and a policy that learns to skip would make its run look cheaper.
// One untimed search warms the process up first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEmbeddedFashionMnist, multitaskCanvas } from '@fbnas/data';
import { MULTITASK_TASKS, multitaskLayout, taskMacs } from '@fbnas/multitask';
import { defaultMultitaskSearchConfig, runMultitaskSearch } from '@fbnas/multitask/supernet';
import { median, round, table } from '../timing.mjs';

export async function run({ quick }) {
  const { train } = await loadEmbeddedFashionMnist();
  const count = quick ? 128 : 512;
  const data = multitaskCanvas({ ...train, count, images: train.images.subarray(0, count * 784), labels: train.labels.subarray(0, count) }, { seed: 0 });
  const layout = multitaskLayout();
  const none = layout.skippable.map(() => 0);
  const root = mkdtempSync(join(tmpdir(), 'fbnas-bench-multitask-'));
  const batchSize = 32;
  const timeSearch = async (tasks, name) => {
    let last = performance.now();
    const steps = [];
    await runMultitaskSearch({
      layout, data, runFolder: join(root, name),
      config: defaultMultitaskSearchConfig({
        tasks: tasks.map((task) => ({ task, weight: 1, targetMacs: 1.5 * taskMacs(layout, task, none) })), epochs: 3, warmupEpochs: 1, batchSize, seed: 0,
        costWeight: 0, policyLearningRate: 0,
      }),
      onStep: (epoch) => {
        const now = performance.now();
        if (epoch >= 1) steps.push(now - last);
        last = now;
      },
    });
    return median(steps);
  };
  await timeSearch(MULTITASK_TASKS, 'warm-up');
  const single = {};
  for (const task of MULTITASK_TASKS) single[task] = await timeSearch([task], `single-${task}`);
  const rows = [];
  for (const t of [1, 2, 3]) {
    const tasks = MULTITASK_TASKS.slice(0, t);
    const stepMs = await timeSearch(tasks, `multi-${t}`);
    rows.push({ tasks: t, names: tasks.join('+'), stepMs, naiveStepMs: tasks.reduce((s, task) => s + single[task], 0) });
  }
  rmSync(root, { recursive: true, force: true });
  const one = rows[0].stepMs;
  console.log(`\nmultitask: median search step (layout ${layout.name}, batch ${batchSize}, 56×56, ${count} images), one multi-task run vs one run per task`);
  console.log(table([
    ['tasks', 'multi-task step (ms)', 'vs 1 task', 'naive: one search per task (ms)', 'naive vs 1 task'],
    ...rows.map((r) => [r.names, round(r.stepMs, 1), round(r.stepMs / one, 2), round(r.naiveStepMs, 1), round(r.naiveStepMs / rows[0].naiveStepMs, 2)]),
  ]));
  return { layout: layout.name, rows: rows.map((r) => ({ ...r, stepMs: round(r.stepMs, 2), naiveStepMs: round(r.naiveStepMs, 2) })), single, summary: { multi3vs1: round(rows[2].stepMs / one, 2), naive3vs1: round(rows[2].naiveStepMs / rows[0].naiveStepMs, 2) } };
}
