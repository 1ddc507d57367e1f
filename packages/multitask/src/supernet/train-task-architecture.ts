import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dispose, variableGrads, type Scalar } from '@tensorflow/tfjs-core';
import { epochOrder, type MultitaskDataset } from '@fbnas/data';
import {
  acquireRunLock, appendJsonLine, cosineLearningRate, momentumSgd, openRunConfig, readJson, resetLog, withWeightDecay, writeJsonAtomic,
} from '@fbnas/train';
import { taskNetworkLayout, type TaskArchitecture } from '../task-architecture';
import { batchTensors, taskLoss } from './multitask-batch';
import { createMultitaskSupernet } from './multitask-supernet';
import { restoreNetCheckpoint, saveNetCheckpoint } from './net-checkpoint';
import { evaluateTask, taskMetric, type TaskMetric } from './task-metric';

/** Options of `trainTaskArchitecture`. */
export interface TrainTaskArchitectureOptions {
  architecture: TaskArchitecture;
  train: MultitaskDataset;
  test: MultitaskDataset;
  epochs: number;
  seed: number;
  /** Default 32. */
  batchSize?: number;
  /** SGD with momentum 0.9, cosine from this rate (default 0.05). */
  learningRate?: number;
  /** Default 4e-5. */
  weightDecay?: number;
  /**
   * A run folder (config.json, train-log.jsonl, checkpoint/ after every epoch, result.json at the end), locked while
   * training; a re-run on it resumes from its last epoch and ends as an uninterrupted run would, and a finished one
   * returns its result.json. Without it nothing is written.
   */
  runFolder?: string;
  /** Written into config.json beside the settings and never compared on resume (versions, machine, data hashes). */
  metadata?: Record<string, unknown>;
  onEpoch?: (epoch: number, loss: number) => void;
  /** What resuming repaired (a log line of an epoch that runs again). */
  onNotice?: (message: string) => void;
}

/** What a retraining measured on the test set (`result.json` of its run folder). */
export interface TaskArchitectureResult {
  task: TaskArchitecture['task'];
  macs: number;
  /**
   * `accuracy` (classification), `foreground IoU` (segmentation: the item's pixels, any class), or `box IoU` (the mean
   * over test images; predicted corners read in order).
   */
  metric: TaskMetric;
  value: number;
  /** Mean training loss per epoch. */
  losses: number[];
}

/**
 * FBNetV5's "afterwards" (methods notes §4.3): trains one task's searched architecture from scratch in a single-task
 * trainer that knows nothing about the search, only the architecture document (`taskNetworkLayout`: the task's own
 * network, its head only), and tests it. With `runFolder` the training is checkpointed every epoch and resumes.
 * Segmentation trains on logits upsampled to the input's resolution (`taskLoss(…, 'input')`), not on the search's
 * cheaper loss at the head's resolution: the task's own pipeline, judged by the IoU at the input's resolution.
 */
export async function trainTaskArchitecture(options: TrainTaskArchitectureOptions): Promise<TaskArchitectureResult> {
  const { architecture, train, test, epochs, seed, runFolder } = options;
  const batchSize = options.batchSize ?? 32;
  const learningRate = options.learningRate ?? 0.05;
  const weightDecay = options.weightDecay ?? 4e-5;
  const steps = Math.floor(train.count / batchSize);
  if (steps === 0) throw new Error(`trainTaskArchitecture: ${train.name} has ${train.count} images, fewer than one batch of ${batchSize}`);
  const lock = runFolder === undefined ? undefined : await acquireRunLock(runFolder);
  const layout = taskNetworkLayout(architecture);
  const net = createMultitaskSupernet(layout, seed);
  const optimizer = momentumSgd(0.9);
  try {
    const logs: { epoch: number; loss: number; seconds: number }[] = [];
    let start = 0;
    if (runFolder !== undefined) {
      const configPath = join(runFolder, 'config.json');
      const determining = {
        multitaskTrain: { epochs, seed, batchSize, learningRate, weightDecay }, architecture,
        data: { train: { name: train.name, count: train.count }, test: { name: test.name, count: test.count } },
      };
      await openRunConfig(configPath, determining, { extra: options.metadata === undefined ? {} : { metadata: options.metadata } });
      const resultPath = join(runFolder, 'result.json');
      if (existsSync(resultPath)) return await readJson<TaskArchitectureResult>(resultPath);
      const state = await restoreNetCheckpoint<{ epoch: number; logs: typeof logs }>(join(runFolder, 'checkpoint'), net, optimizer);
      if (state !== null) {
        logs.push(...state.logs);
        start = state.epoch + 1;
      }
      await resetLog(join(runFolder, 'train-log.jsonl'), logs, options.onNotice ?? (() => {}));
    }
    for (let epoch = start; epoch < epochs; epoch++) {
      const started = Date.now();
      const order = epochOrder(train.count, { seed, epoch });
      let total = 0;
      for (let step = 0; step < steps; step++) {
        const batch = batchTensors(train, order.subarray(step * batchSize, (step + 1) * batchSize), layout.classes);
        const { value, grads } = variableGrads(() => withWeightDecay(taskLoss(architecture.task, net.forward(batch.x, [], { training: true }), batch, 'input'), net.kernels, weightDecay) as Scalar, net.weights);
        total += value.dataSync()[0]!;
        optimizer.step(net.weights, net.weights.map((w) => grads[w.name]), cosineLearningRate(learningRate, epoch * steps + step, epochs * steps));
        dispose([value, ...Object.values(grads), batch.x, batch.labels, batch.masks, batch.boxes]);
      }
      const log = { epoch, loss: total / steps, seconds: (Date.now() - started) / 1000 };
      logs.push(log);
      if (runFolder !== undefined) {
        // The log line first, then the checkpoint: a run killed between them runs the epoch again (resetLog above).
        await appendJsonLine(join(runFolder, 'train-log.jsonl'), log);
        await saveNetCheckpoint(join(runFolder, 'checkpoint'), net, optimizer, { epoch, logs });
      }
      options.onEpoch?.(epoch, total / steps);
    }
    const value = evaluateTask(net, architecture.task, test, layout.classes);
    const result: TaskArchitectureResult = { task: architecture.task, macs: architecture.macs, metric: taskMetric(architecture.task), value, losses: logs.map((l) => l.loss) };
    if (runFolder !== undefined) await writeJsonAtomic(join(runFolder, 'result.json'), result);
    return result;
  } finally {
    net.dispose();
    optimizer.dispose();
    await lock?.release();
  }
}
