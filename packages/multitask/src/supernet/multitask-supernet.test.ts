import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { multitaskLayout, pruneLayout } from '../multitask-layout';
import { createMultitaskSupernet } from './multitask-supernet';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('createMultitaskSupernet', () => {
  const layout = multitaskLayout();
  const every = layout.skippable.map(() => 1 as const);
  const none = layout.skippable.map(() => 0 as const);

  it('gives every head its output (segmentation at half the input\'s size); a skipped block is not run (no gradient reaches it)', () => {
    const net = createMultitaskSupernet(layout, 3);
    const x = tf.randomUniform([2, 56, 56, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const out = net.forward(x, every, { training: false });
    expect(out.classification!.shape).toEqual([2, 10]);
    expect(out.segmentation!.shape).toEqual([2, 28, 28, 11]);
    expect(out.box!.shape).toEqual([2, 4]);
    const box = out.box!.dataSync();
    expect(box.every((v) => v > 0 && v < 1)).toBe(true);

    // Keep only s3.p8.1: the other skippable blocks get no gradient; it and the fixed parts do.
    const keep = layout.skippable.map((b) => (b.id === 's3.p8.1' ? 1 : 0) as 0 | 1);
    const named = net.namedVariables();
    const trainable = [...named].filter(([name]) => /kernel|gamma|beta|bias/.test(name) && !/moving/.test(name));
    const { value, grads } = tf.variableGrads(() => {
      const o = net.forward(x, keep, { training: true });
      return tf.addN([tf.sum(o.classification!), tf.sum(o.segmentation!), tf.sum(o.box!)]) as tf.Scalar;
    }, trainable.map(([, v]) => v));
    const reached = new Set(Object.keys(grads));
    const nameOf = new Map(trainable.map(([name, v]) => [v.name, name]));
    const reachedKeys = [...reached].map((n) => nameOf.get(n)!.split('|')[0]!);
    expect(reachedKeys).toContain('s3.p8.1');
    expect(reachedKeys).toContain('stem');
    expect(reachedKeys).toContain('head.segmentation');
    for (const skipped of layout.skippable.filter((b) => b.id !== 's3.p8.1')) expect(reachedKeys, skipped.id).not.toContain(skipped.id);
    tf.dispose([x, value, ...Object.values(grads), ...(Object.values(out) as tf.Tensor[])]);

    // Only the heads asked for run, and the parts that reach none of them do not (segmentation's fusions).
    const y = tf.randomUniform([2, 56, 56, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const onlyBox = tf.variableGrads(() => tf.sum(net.forward(y, every, { training: true, tasks: ['box'] }).box!) as tf.Scalar, trainable.map(([, v]) => v));
    const boxKeys = new Set(Object.keys(onlyBox.grads).map((n) => nameOf.get(n)!.split('|')[0]!));
    expect([...boxKeys].filter((k) => k.startsWith('head.') || k.startsWith('f3.')).sort()).toEqual(['f3.p4-p8', 'head.box']);
    const tensors = tf.memory().numTensors;
    const outputs = net.forward(y, every, { training: false, tasks: ['classification'] });
    expect(Object.keys(outputs)).toEqual(['classification']);
    expect(tf.memory().numTensors).toBe(tensors + 1);
    expect(() => net.forward(y, every, { training: false, tasks: ['depth' as never] })).toThrow(/no depth head \(heads: classification, segmentation, box\)/);
    tf.dispose([y, onlyBox.value, ...Object.values(onlyBox.grads), outputs.classification!]);
    net.dispose();
  });

  it('learns: a few steps on one batch lower every task\'s loss; tensors stay flat', () => {
    const net = createMultitaskSupernet(layout, 1);
    const x = tf.randomUniform([4, 56, 56, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([1, 3, 5, 7], 'int32'), 10);
    const masks = tf.oneHot(tf.cast(tf.greater(tf.squeeze(x, [3]), 0.5), 'int32'), 11);
    const boxes = tf.tensor2d([[0.1, 0.1, 0.5, 0.6], [0.2, 0.3, 0.9, 0.8], [0.4, 0.1, 0.7, 0.5], [0.05, 0.5, 0.6, 0.95]]);
    const optimizer = tf.train.adam(0.003);
    const losses = (keep: readonly (0 | 1)[]) => {
      const o = net.forward(x, keep, { training: true });
      return [
        tf.losses.softmaxCrossEntropy(labels, o.classification!),
        tf.losses.softmaxCrossEntropy(tf.avgPool(tf.cast(masks, 'float32') as tf.Tensor4D, 2, 2, 'valid'), o.segmentation!),
        tf.mean(tf.abs(tf.sub(o.box!, boxes))),
      ] as tf.Scalar[];
    };
    const first = tf.tidy(() => losses(every).map((l) => l.dataSync()[0]!));
    const counts: number[] = [];
    for (let step = 0; step < 12; step++) {
      const keep = step % 2 === 0 ? every : none;
      tf.tidy(() => {
        optimizer.minimize(() => tf.addN(losses(keep)) as tf.Scalar, false, net.weights);
      });
      counts.push(tf.memory().numTensors);
    }
    const last = tf.tidy(() => losses(every).map((l) => l.dataSync()[0]!));
    last.forEach((l, t) => expect(l, `task ${t}`).toBeLessThan(first[t]!));
    expect(new Set(counts.slice(2)).size).toBe(1);
    optimizer.dispose();
    tf.dispose([x, labels, masks, boxes]);
    net.dispose();
  });

  it('builds a task\'s derived network (pruneLayout): its head only, no other block\'s weights', () => {
    const layout = multitaskLayout({ revision: 1 });
    const keep = layout.skippable.map((b) => (b.id.startsWith('s3.p8') ? 1 : 0) as 0 | 1);
    const net = createMultitaskSupernet(pruneLayout(layout, 'box', keep), 0);
    expect(net.tasks).toEqual(['box']);
    const blocks = new Set([...net.namedVariables().keys()].map((name) => name.split('|')[0]));
    expect([...blocks].sort()).toEqual(['f2.p2-p4', 'head.box', 's3.p8.0', 's3.p8.1', 's3.p8.2', 'stem', 't4', 't8']);
    const x = tf.zeros([1, 56, 56, 1]) as tf.Tensor4D;
    const out = net.forward(x, [], { training: false });
    expect(Object.keys(out)).toEqual(['box']);
    expect(out.box!.shape).toEqual([1, 4]);
    tf.dispose([x, out.box!]);
    net.dispose();
  });
});
