import { argMax, dispose, tidy, variableGrads, type Scalar, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import { epochOrder, type MultitaskDataset } from '@fbnas/data';
import { cosineLearningRate, momentumSgd, withWeightDecay } from '@fbnas/train';
import { taskNetworkLayout, type TaskArchitecture } from '../task-architecture';
import { batchTensors, taskLoss } from './multitask-batch';
import { createMultitaskSupernet } from './multitask-supernet';

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
  onEpoch?: (epoch: number, loss: number) => void;
}

/** What a retraining measured on the test set. */
export interface TaskArchitectureResult {
  task: TaskArchitecture['task'];
  macs: number;
  /**
   * `accuracy` (classification), `foreground IoU` (segmentation: the item's pixels, any class), or `box IoU` (the mean
   * over test images; predicted corners read in order).
   */
  metric: 'accuracy' | 'foreground IoU' | 'box IoU';
  value: number;
  /** Mean training loss per epoch. */
  losses: number[];
}

/**
 * FBNetV5's "afterwards" (methods notes §4.3): trains one task's searched architecture from scratch in a single-task
 * trainer that knows nothing about the search, only the architecture document (`taskNetworkLayout`: the task's own
 * network, its head only), and tests it. Not resumable: a retraining of this size takes minutes.
 */
export async function trainTaskArchitecture(options: TrainTaskArchitectureOptions): Promise<TaskArchitectureResult> {
  const { architecture, train, test, epochs, seed } = options;
  const batchSize = options.batchSize ?? 32;
  const layout = taskNetworkLayout(architecture);
  const net = createMultitaskSupernet(layout, seed);
  const optimizer = momentumSgd(0.9);
  const steps = Math.floor(train.count / batchSize);
  if (steps === 0) throw new Error(`trainTaskArchitecture: ${train.name} has ${train.count} images, fewer than one batch of ${batchSize}`);
  const lossesPerEpoch: number[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = epochOrder(train.count, { seed, epoch });
      let total = 0;
      for (let step = 0; step < steps; step++) {
        const batch = batchTensors(train, order.subarray(step * batchSize, (step + 1) * batchSize), layout.classes);
        const { value, grads } = variableGrads(() => withWeightDecay(taskLoss(architecture.task, net.forward(batch.x, [], { training: true }), batch), net.kernels, options.weightDecay ?? 4e-5) as Scalar, net.weights);
        total += value.dataSync()[0]!;
        optimizer.step(net.weights, net.weights.map((w) => grads[w.name]), cosineLearningRate(options.learningRate ?? 0.05, epoch * steps + step, epochs * steps));
        dispose([value, ...Object.values(grads), batch.x, batch.labels, batch.masks, batch.boxes]);
      }
      lossesPerEpoch.push(total / steps);
      options.onEpoch?.(epoch, total / steps);
    }
    const value = evaluate(net, architecture.task, test, layout.classes);
    const metric = architecture.task === 'classification' ? 'accuracy' : architecture.task === 'segmentation' ? 'foreground IoU' : 'box IoU';
    return { task: architecture.task, macs: architecture.macs, metric, value, losses: lossesPerEpoch };
  } finally {
    net.dispose();
    optimizer.dispose();
  }
}

/** The task's test metric over `test`, in batches of 64. */
function evaluate(net: ReturnType<typeof createMultitaskSupernet>, task: TaskArchitecture['task'], test: MultitaskDataset, classes: number): number {
  let correct = 0;
  let intersection = 0;
  let union = 0;
  let iouSum = 0;
  for (let start = 0; start < test.count; start += 64) {
    const indices = Uint32Array.from({ length: Math.min(64, test.count - start) }, (_, i) => start + i);
    const batch = batchTensors(test, indices, classes);
    const outputs = net.forward(batch.x as Tensor4D, [], { training: false });
    if (task === 'classification') {
      const predicted = tidy(() => argMax(outputs.classification!, 1).dataSync());
      indices.forEach((n, i) => (correct += predicted[i] === test.labels[n] ? 1 : 0));
    } else if (task === 'segmentation') {
      const predicted = tidy(() => argMax(outputs.segmentation as Tensor4D, 3).dataSync());
      indices.forEach((n, i) => {
        const pixels = test.height * test.width;
        for (let p = 0; p < pixels; p++) {
          const truth = test.masks[n * pixels + p]! > 0;
          const guess = predicted[i * pixels + p]! > 0;
          intersection += truth && guess ? 1 : 0;
          union += truth || guess ? 1 : 0;
        }
      });
    } else {
      const boxes = (outputs.box as Tensor2D).dataSync();
      indices.forEach((n, i) => {
        // The four outputs are regressed independently; read them as a box whatever their order.
        const [x0, y0, x1, y1] = boxes.subarray(i * 4, i * 4 + 4) as unknown as number[];
        iouSum += boxIou([Math.min(x0!, x1!), Math.min(y0!, y1!), Math.max(x0!, x1!), Math.max(y0!, y1!)], test.boxes.subarray(n * 4, n * 4 + 4));
      });
    }
    dispose([batch.x, batch.labels, batch.masks, batch.boxes, ...(Object.values(outputs) as Tensor2D[])]);
  }
  if (task === 'classification') return correct / test.count;
  if (task === 'segmentation') return union === 0 ? 1 : intersection / union;
  return iouSum / test.count;
}

/** Intersection over union of two `[x0, y0, x1, y1]` boxes (an inverted predicted box has no area). */
export function boxIou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const area = (x0: number, y0: number, x1: number, y1: number) => Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const inter = area(Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!), Math.min(a[2]!, b[2]!), Math.min(a[3]!, b[3]!));
  const total = area(a[0]!, a[1]!, a[2]!, a[3]!) + area(b[0]!, b[1]!, b[2]!, b[3]!) - inter;
  return total <= 0 ? 0 : inter / total;
}
