import { join } from 'node:path';
import { add, dispose, mul, scalar, tidy, variableGrads, type Scalar, type Tensor } from '@tensorflow/tfjs-core';
import { deriveSeed, mulberry32 } from '@fbnas/core';
import { epochOrder, stratifiedSample, type MultitaskDataset } from '@fbnas/data';
import {
  acquireRunLock, appendJsonLine, cosineLearningRate, momentumSgd, openRunConfig, resetLog, withWeightDecay, writeJsonAtomic,
} from '@fbnas/train';
import {
  mostLikely, policyLoss, proposalOf, reinforceGradient, sampleArchitecture, sigmoid, updateBaseline, type RewardScale,
} from '../bernoulli-policy';
import { blockRuns, describeNetwork } from '../block-runs';
import { taskMacs, type MultitaskLayout, type MultitaskTask } from '../multitask-layout';
import { deriveTaskArchitecture } from '../task-architecture';
import { batchTensors, taskLoss } from './multitask-batch';
import { createMultitaskSupernet, type MultitaskSupernet } from './multitask-supernet';
import { restoreNetCheckpoint, saveNetCheckpoint } from './net-checkpoint';

/** Settings of `runMultitaskSearch` (all recorded in the run folder's config.json). */
export interface MultitaskSearchConfig {
  seed: number;
  epochs: number;
  /** Epochs that train only the weights, with architectures from Bernoulli(0.5) (default 1). */
  warmupEpochs: number;
  batchSize: number;
  /** The tasks searched, each with its loss weight γ_t and MAC budget (per image). */
  tasks: { task: MultitaskTask; weight: number; targetMacs: number }[];
  /** SGD with momentum 0.9 on the weights, cosine from this rate. */
  weightLearningRate: number;
  weightDecay: number;
  /** Adam's rate on the policy logits φ^t. */
  policyLearningRate: number;
  /** λ of each task's cost term `λ · |MACs_t(a) / target_t − 1|` (added to its REINFORCE loss). */
  costWeight: number;
  /**
   * How each task's head loss enters its REINFORCE loss (default `'relative'`: divided by the task's running mean
   * loss, so tasks whose losses differ in scale trade loss against the cost term alike; `'absolute'`: as it is, the
   * behaviour before this option, under which a small-valued loss such as the box's was steered by the cost alone).
   */
  reward: RewardScale;
  /**
   * Share of Bernoulli(0.5) in the shared proposal after the warm-up, `q = (1 − m) · mean_t π^t + m · 0.5` (default
   * 0.5; 0: the policies' mean, the behaviour before this option, under which the supernet trains most the blocks the
   * policies keep and ranks networks by that; 1: Bernoulli(0.5) throughout, so every block's weights train equally
   * often and the policies learn only through their importance weights). Run folders written before this option ran
   * with 0; they resume only under 0.
   */
  uniformMix: number;
  /**
   * Share of the images held out from the weights to score the policies (default 0). With 0 every step trains the
   * weights and, after the warm-up, updates the policies from the same batch's losses, taken before the step (the
   * behaviour before this option). With f > 0 the images are split once, stratified by class and seeded: the weights
   * train on the `1 − f` part only, and after each epoch's weight steps the policies take one step per batch of the
   * held-out part, from a forward pass alone (BN on batch statistics), as FBNet's θ trains on its 20 % split; so no
   * policy is rewarded for what the weights memorised. Folders written before this option ran with 0.
   */
  policySplit: number;
  /** Largest importance weight (default 5). */
  clip: number;
  /** Decay of each task's moving-average baseline (default 0.9). */
  baselineDecay: number;
}

/** `config` with the defaults filled in. */
export function defaultMultitaskSearchConfig(config: Partial<MultitaskSearchConfig> & Pick<MultitaskSearchConfig, 'tasks'>): MultitaskSearchConfig {
  return {
    seed: 0, epochs: 6, warmupEpochs: 1, batchSize: 32, weightLearningRate: 0.05, weightDecay: 4e-5, policyLearningRate: 0.05,
    costWeight: 1, reward: 'relative', uniformMix: 0.5, policySplit: 0, clip: 5, baselineDecay: 0.9, ...config,
  };
}

/** One epoch's line of log.jsonl. */
export interface MultitaskEpochLog {
  epoch: number;
  /** Mean loss of each task on the sampled architectures (its head's loss, without the cost term), on the weights' batches. */
  losses: Record<string, number>;
  /** With `policySplit` > 0 after the warm-up: the same on the held-out batches that scored the policies. */
  heldOutLosses?: Record<string, number>;
  /** π^t per skippable block after the epoch. */
  keep: Record<string, number[]>;
  /** MACs per image of each task's most likely architecture. */
  macs: Record<string, number>;
  seconds: number;
}

/** What a search ends with, per task: its policy and its most likely architecture. */
export interface MultitaskSearchResult {
  epochsCompleted: number;
  blocks: string[];
  /**
   * Per task: its keep probabilities, its most likely architecture (π > 0.5), that network in words (blocks kept of
   * each run of interchangeable blocks, `describeNetwork`), its MACs and budget.
   */
  tasks: { task: MultitaskTask; keep: number[]; architecture: (0 | 1)[]; network: string; macs: number; targetMacs: number }[];
  logs: MultitaskEpochLog[];
}

/** Inputs of `runMultitaskSearch`. */
export interface MultitaskSearchOptions {
  layout: MultitaskLayout;
  data: MultitaskDataset;
  config: MultitaskSearchConfig;
  runFolder: string;
  /** Stop after this epoch (exclusive), leaving a resumable run. */
  stopAfterEpoch?: number;
  onEpoch?: (log: MultitaskEpochLog) => void;
  /** Called after every step (e.g. to time steps). */
  onStep?: (epoch: number, step: number) => void;
  /** What resuming repaired (a log line of an epoch that runs again). */
  onNotice?: (message: string) => void;
  /** Written into a new folder's config.json beside the settings and never compared on resume (versions, machine, data hashes). */
  metadata?: Record<string, unknown>;
}

interface PolicyState {
  logits: number[][];
  adam: { m: number[][]; v: number[][]; t: number };
  baselines: (number | null)[];
  /** Each task's running mean head loss (the `'relative'` reward's scale; decay `baselineDecay`). */
  scales: (number | null)[];
}

/**
 * FBNetV5's multi-task search (methods notes §4.4, §5.4): one supernet, one policy per task. Each step draws one
 * architecture from the shared proposal (Bernoulli(0.5) in the warm-up, then the mean of the task policies, mixed
 * with Bernoulli(0.5) by `uniformMix`), runs
 * one forward/backward pass through every head, trains the weights on `Σ_t γ_t ℓ_t`, and updates each task's
 * policy with its importance-weighted REINFORCE estimate (`reinforceGradient`), its loss (`policyLoss`: the head's
 * loss relative to its running mean by default) including the cost term `λ · |MACs_t(a)/target_t − 1|` and a
 * moving-average baseline; so a step costs the same for one task or three. With `policySplit` > 0 the policies are
 * scored instead on held-out images, by forward passes after each epoch's weight steps.
 * The run folder (config.json, log.jsonl, checkpoint/; at the end search-result.json and `<task>.arch.json` per task)
 * is written atomically after every epoch and locked while
 * the search runs; a re-run on it resumes and ends as an uninterrupted run.
 */
export async function runMultitaskSearch(options: MultitaskSearchOptions): Promise<MultitaskSearchResult> {
  const { layout, data, config, runFolder } = options;
  const blocks = layout.skippable.length;
  const runs = blockRuns(layout);
  const lock = await acquireRunLock(runFolder);
  const net = createMultitaskSupernet(layout, config.seed);
  const optimizer = momentumSgd(0.9);
  try {
    const configPath = join(runFolder, 'config.json');
    const determining = { multitaskSearch: config, layout: layout.name, data: { name: data.name, count: data.count } };
    // `blocks` describes the layout for readers (a report names each policy entry); it does not determine the run.
    await openRunConfig(configPath, determining, {
      // Folders written before `uniformMix` or `policySplit` existed ran with 0.
      defaults: { multitaskSearch: { uniformMix: 0, policySplit: 0 } },
      extra: {
        blocks: layout.skippable.map((b, i) => ({ id: b.id, tasks: b.tasks, run: runs.find((r) => r.blocks.includes(i))!.name })),
        ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      },
    });
    let policy: PolicyState = {
      logits: config.tasks.map(() => new Array<number>(blocks).fill(0)),
      adam: { m: config.tasks.map(() => new Array<number>(blocks).fill(0)), v: config.tasks.map(() => new Array<number>(blocks).fill(0)), t: 0 },
      baselines: config.tasks.map(() => null),
      scales: config.tasks.map(() => null),
    };
    const logs: MultitaskEpochLog[] = [];
    let start = 0;
    const checkpoint = join(runFolder, 'checkpoint');
    const state = await restoreNetCheckpoint<{ epoch: number; policy: PolicyState; logs: MultitaskEpochLog[] }>(checkpoint, net, optimizer);
    if (state !== null) {
      policy = state.policy;
      logs.push(...state.logs);
      start = state.epoch + 1;
    }
    // A run killed between its log line and its checkpoint logged an epoch it will run again: the log is rewritten
    // to the checkpoint's epochs (nothing is dropped from a run that stopped cleanly).
    await resetLog(join(runFolder, 'log.jsonl'), logs, options.onNotice ?? (() => {}));
    const split = policySplitIndices(data, config);
    const stepsPerEpoch = Math.floor(split.weights.length / config.batchSize);
    const policySteps = Math.floor(split.policies.length / config.batchSize);
    if (stepsPerEpoch === 0 || (config.policySplit > 0 && policySteps === 0)) {
      throw new Error(`runMultitaskSearch: ${data.name} has ${data.count} images, split ${split.weights.length} for the weights and ${split.policies.length} for the policies (policySplit ${config.policySplit}): each part needs at least one batch of ${config.batchSize}`);
    }
    const tasks = config.tasks.map((t) => t.task);
    const proposalAt = (epoch: number) => (epoch < config.warmupEpochs ? new Array<number>(blocks).fill(0.5) : proposalOf(policy.logits.map((phi) => phi.map(sigmoid)), config.uniformMix));
    const end = Math.min(config.epochs, options.stopAfterEpoch ?? config.epochs);
    for (let epoch = start; epoch < end; epoch++) {
      const started = Date.now();
      // With no split the weights' part is every image in order, so this is `epochOrder(data.count, …)` itself.
      const order = reorder(split.weights, config.seed, epoch);
      const totals = config.tasks.map(() => 0);
      const updatesPolicies = epoch >= config.warmupEpochs;
      for (let step = 0; step < stepsPerEpoch; step++) {
        const indices = order.subarray(step * config.batchSize, (step + 1) * config.batchSize);
        const proposal = proposalAt(epoch);
        const architecture = sampleArchitecture(proposal, mulberry32(deriveSeed(config.seed, epoch, step)));
        const batch = batchTensors(data, indices, layout.classes);
        let taskLosses: number[] = [];
        const { value, grads } = variableGrads(() => {
          const outputs = net.forward(batch.x, architecture, { training: true, tasks });
          const perTask = config.tasks.map(({ task }) => taskLoss(task, outputs, batch));
          taskLosses = perTask.map((l) => l.dataSync()[0]!);
          const weighted = perTask.reduce<Tensor>((sum, l, t) => add(sum, mul(l, scalar(config.tasks[t]!.weight))), scalar(0));
          return withWeightDecay(weighted, net.kernels, config.weightDecay) as Scalar;
        }, net.weights);
        const rate = cosineLearningRate(config.weightLearningRate, epoch * stepsPerEpoch + step, config.epochs * stepsPerEpoch);
        optimizer.step(net.weights, net.weights.map((w) => grads[w.name]), rate);
        dispose([value, ...Object.values(grads), batch.x, batch.labels, batch.masks, batch.boxes]);
        taskLosses.forEach((l, t) => (totals[t]! += l));
        if (updatesPolicies && config.policySplit === 0) updatePolicies(policy, config, layout, proposal, architecture, taskLosses);
        options.onStep?.(epoch, step);
      }
      const heldOut = updatesPolicies && config.policySplit > 0
        ? scoreOnHeldOut(net, data, split.policies, policySteps, epoch, stepsPerEpoch, config, layout, proposalAt, policy)
        : null;
      const keep = policy.logits.map((phi) => phi.map(sigmoid));
      const log: MultitaskEpochLog = {
        epoch,
        losses: Object.fromEntries(config.tasks.map(({ task }, t) => [task, totals[t]! / stepsPerEpoch])),
        ...(heldOut === null ? {} : { heldOutLosses: Object.fromEntries(config.tasks.map(({ task }, t) => [task, heldOut[t]!])) }),
        keep: Object.fromEntries(config.tasks.map(({ task }, t) => [task, keep[t]!])),
        macs: Object.fromEntries(config.tasks.map(({ task }, t) => [task, taskMacs(layout, task, mostLikely(keep[t]!))])),
        seconds: (Date.now() - started) / 1000,
      };
      logs.push(log);
      await appendJsonLine(join(runFolder, 'log.jsonl'), log);
      await saveNetCheckpoint(checkpoint, net, optimizer, { epoch, policy, logs });
      options.onEpoch?.(log);
    }
    const keep = policy.logits.map((phi) => phi.map(sigmoid));
    const result: MultitaskSearchResult = {
      epochsCompleted: end, blocks: layout.skippable.map((b) => b.id), logs,
      tasks: config.tasks.map(({ task, targetMacs }, t) => {
        const architecture = mostLikely(keep[t]!);
        return { task, keep: keep[t]!, architecture, network: describeNetwork(layout, task, architecture), macs: taskMacs(layout, task, architecture), targetMacs };
      }),
    };
    if (end === config.epochs) {
      // Each task's architecture as a plain document, for its own single-task trainer (`trainTaskArchitecture`).
      for (const t of result.tasks) await writeJsonAtomic(join(runFolder, `${t.task}.arch.json`), deriveTaskArchitecture(layout, t.task, t.architecture));
      await writeJsonAtomic(join(runFolder, 'search-result.json'), result);
    }
    return result;
  } finally {
    net.dispose();
    optimizer.dispose();
    await lock.release();
  }
}

/**
 * One epoch's policy steps on the held-out images (`policySplit` > 0): per batch, in a seeded order of its own, an
 * architecture from the proposal (seeds past the weight steps'), a forward pass alone, and each task's REINFORCE
 * step. The BN running statistics the forward passes update are restored, so the weights end as they were.
 * Returns each task's mean held-out loss.
 */
function scoreOnHeldOut(
  net: MultitaskSupernet, data: MultitaskDataset, heldOut: Uint32Array, steps: number, epoch: number, weightSteps: number,
  config: MultitaskSearchConfig, layout: MultitaskLayout, proposalAt: (epoch: number) => number[], policy: PolicyState,
): number[] {
  const tasks = config.tasks.map((t) => t.task);
  const order = reorder(heldOut, deriveSeed(config.seed, POLICY_STREAM), epoch);
  const saved = net.statistics.map((v) => v.clone());
  const totals = tasks.map(() => 0);
  for (let step = 0; step < steps; step++) {
    const proposal = proposalAt(epoch);
    const architecture = sampleArchitecture(proposal, mulberry32(deriveSeed(config.seed, epoch, weightSteps + step)));
    const batch = batchTensors(data, order.subarray(step * config.batchSize, (step + 1) * config.batchSize), layout.classes);
    const taskLosses = tidy(() => {
      const outputs = net.forward(batch.x, architecture, { training: true, tasks });
      return tasks.map((task) => taskLoss(task, outputs, batch).dataSync()[0]!);
    });
    dispose([batch.x, batch.labels, batch.masks, batch.boxes]);
    taskLosses.forEach((l, t) => (totals[t]! += l));
    updatePolicies(policy, config, layout, proposal, architecture, taskLosses);
  }
  net.statistics.forEach((v, i) => v.assign(saved[i]!));
  dispose(saved);
  return totals.map((total) => total / steps);
}

/** Seed stream of the held-out part's order (`policySplit`). */
const POLICY_STREAM = 0x706f;

/**
 * Which images of `data` a search with `config.policySplit` f and `config.seed` trains the weights on and which it
 * holds out to score the policies: all and none for f = 0, else a class-stratified seeded split
 * (`stratifiedSample`: `round(f · count)` held out, every class in its share), each part in the dataset's order.
 *
 * @throws Error unless 0 ≤ f < 1.
 */
export function policySplitIndices(data: Pick<MultitaskDataset, 'count' | 'labels' | 'classes'>, config: Pick<MultitaskSearchConfig, 'policySplit' | 'seed'>): { weights: Uint32Array; policies: Uint32Array } {
  const f = config.policySplit;
  if (!(f >= 0 && f < 1)) throw new Error(`runMultitaskSearch: config.policySplit: expected a number in [0, 1), got ${f}`);
  if (f === 0) return { weights: Uint32Array.from({ length: data.count }, (_, i) => i), policies: new Uint32Array(0) };
  const { chosen, rest } = stratifiedSample(data.labels, data.classes, data.count - Math.round(f * data.count), deriveSeed(config.seed, POLICY_STREAM));
  return { weights: chosen, policies: rest };
}

/** `indices` in the seeded order of `epochOrder` over their count. */
function reorder(indices: Uint32Array, seed: number, epoch: number): Uint32Array {
  return epochOrder(indices.length, { seed, epoch }).map((i) => indices[i]!);
}

/** Each task's REINFORCE step on its logits (Adam), from the step's shared architecture and its losses. */
function updatePolicies(
  policy: PolicyState, config: MultitaskSearchConfig, layout: MultitaskLayout, proposal: number[], architecture: (0 | 1)[], taskLosses: number[],
): void {
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  policy.adam.t += 1;
  const { t } = policy.adam;
  config.tasks.forEach(({ task, targetMacs }, i) => {
    const cost = config.costWeight * Math.abs(taskMacs(layout, task, architecture) / targetMacs - 1);
    const loss = policyLoss(taskLosses[i]!, cost, policy.scales[i] ?? null, config.reward);
    policy.scales[i] = updateBaseline(policy.scales[i] ?? null, taskLosses[i]!, config.baselineDecay);
    const baseline = policy.baselines[i] ?? loss;
    const { gradient } = reinforceGradient(policy.logits[i]!, proposal, architecture, loss, baseline, { clip: config.clip });
    policy.baselines[i] = updateBaseline(policy.baselines[i]!, loss, config.baselineDecay);
    gradient.forEach((g, b) => {
      const m = (policy.adam.m[i]![b] = beta1 * policy.adam.m[i]![b]! + (1 - beta1) * g);
      const v = (policy.adam.v[i]![b] = beta2 * policy.adam.v[i]![b]! + (1 - beta2) * g * g);
      policy.logits[i]![b]! -= (config.policyLearningRate * (m / (1 - beta1 ** t))) / (Math.sqrt(v / (1 - beta2 ** t)) + epsilon);
    });
  });
}
