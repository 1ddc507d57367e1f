import { argMax, dispose, image, tidy, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import type { MultitaskDataset } from '@fbnas/data';
import type { MultitaskTask } from '../multitask-layout';
import { batchTensors } from './multitask-batch';
import type { MultitaskSupernet } from './multitask-supernet';

/** The test metric of each task: accuracy, foreground IoU (the item's pixels, any class), or mean box IoU. */
export type TaskMetric = 'accuracy' | 'foreground IoU' | 'box IoU';

/** The metric a task is tested with. */
export function taskMetric(task: MultitaskTask): TaskMetric {
  return task === 'classification' ? 'accuracy' : task === 'segmentation' ? 'foreground IoU' : 'box IoU';
}

/** The task's test metric (`taskMetric`) of `net` over `test`, in batches of 64 (inference mode: BN moving statistics). */
export function evaluateTask(net: MultitaskSupernet, task: MultitaskTask, test: MultitaskDataset, classes: number): number {
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
      const predicted = tidy(() => argMax(image.resizeBilinear(outputs.segmentation as Tensor4D, [test.height, test.width], false, true), 3).dataSync());
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
