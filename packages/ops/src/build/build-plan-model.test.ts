import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  builtinPlanPrimitives, countPlan, createOpSpecRegistry, parseArgsWith, planPrimitivesOf, type CustomPlanLayer, type LayerPlan, type OpSpec,
} from '@fbnas/core';
import { layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlanModel } from './build-plan-model';
import { definePrimitive } from './primitive-build';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const input = { height: 5, width: 5, channels: 4 };
const data = () => tf.tensor4d(Array.from({ length: 2 * 5 * 5 * 4 }, (_, i) => Math.sin(i * 0.37) * 3), [2, 5, 5, 4]);

describe('buildPlanModel', () => {
  it('builds concat as the channel concatenation of its branches (identity + a 1×1 conv)', () => {
    const plan: LayerPlan = [{
      kind: 'concat',
      branches: [[], [{ kind: 'conv', name: 'cheap', inChannels: 4, outChannels: 3, kernel: 1, stride: 1, groups: 1, bias: false }]],
    }];
    const model = buildPlanModel([{ path: 'b', plan }], input);
    const x = data();
    const kernel = model.getLayer('b.cheap').getWeights()[0]!;
    const y = model.predict(x) as tf.Tensor;
    const expected = tf.concat([x, tf.conv2d(x, kernel as tf.Tensor4D, 1, 'valid')], 3);
    expect(y.shape).toEqual([2, 5, 5, 7]);
    expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]).toBeLessThan(1e-5);
    expect(countPlan(plan, input).weights).toBe(12);
    model.dispose();
  });

  it('builds a conv with an explicit padding p (the FBNetV3 dw override) as zero-pad p then a valid conv, dense and depthwise', () => {
    const x = data();
    for (const [groups, padding] of [[1, 0], [1, 2], [4, 0], [4, 1]] as const) {
      const plan: LayerPlan = [{ kind: 'conv', name: 'c', inChannels: 4, outChannels: 4, kernel: 3, stride: 2, groups, bias: false, padding }];
      const model = buildPlanModel([{ path: 'b', plan }], input);
      const kernel = model.getLayer('b.c').getWeights()[0]! as tf.Tensor4D;
      const padded = tf.pad(x, [[0, 0], [padding, padding], [padding, padding], [0, 0]]);
      const expected = groups === 1 ? tf.conv2d(padded, kernel, 2, 'valid') : tf.depthwiseConv2d(padded, kernel, 2, 'valid');
      const y = model.predict(x) as tf.Tensor;
      // 5×5 input, k 3, s 2: floor((5 + 2p − 3)/2) + 1 = 2 at p 0, 4 at p 2.
      expect(y.shape).toEqual([2, Math.floor((5 + 2 * padding - 3) / 2) + 1, Math.floor((5 + 2 * padding - 3) / 2) + 1, 4]);
      expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]).toBeLessThan(1e-5);
      expect(model.getLayer('b.c').getConfig()).toMatchObject({ padding });
      model.dispose();
    }
  });

  it('pools with k//2 padding as PyTorch: average counts the zeros, max ignores the padding', () => {
    const avg = buildPlanModel([{ path: 'p', plan: [{ kind: 'pool', mode: 'avg', kernel: 3, stride: 2 }] }], input);
    const max = buildPlanModel([{ path: 'p', plan: [{ kind: 'pool', mode: 'max', kernel: 3, stride: 2 }] }], input);
    const x = data();
    const values = x.arraySync() as number[][][][];
    const yAvg = (avg.predict(x) as tf.Tensor).arraySync() as number[][][][];
    const yMax = (max.predict(x) as tf.Tensor).arraySync() as number[][][][];
    expect([yAvg[0]!.length, yAvg[0]![0]!.length]).toEqual([3, 3]);
    // Hand formula: window rows/cols 2i−1 … 2i+1 (out of range: zero for avg, skipped for max), divided by 9.
    for (const [i, j, c] of [[0, 0, 0], [1, 2, 3], [2, 1, 1]] as const) {
      let sum = 0;
      let best = -Infinity;
      for (let di = -1; di <= 1; di++) {
        for (let dj = -1; dj <= 1; dj++) {
          const r = 2 * i + di;
          const s = 2 * j + dj;
          if (r < 0 || s < 0 || r >= 5 || s >= 5) continue;
          sum += values[1]![r]![s]![c]!;
          best = Math.max(best, values[1]![r]![s]![c]!);
        }
      }
      expect(yAvg[1]![i]![j]![c]).toBeCloseTo(sum / 9, 5);
      expect(yMax[1]![i]![j]![c]).toBeCloseTo(best, 5);
    }
    avg.dispose();
    max.dispose();
  });

  it('builds a contributed kind with its own builder, found through the op registry', () => {
    interface Negate extends CustomPlanLayer { kind: 'negate' }
    const negate = definePrimitive<Negate>({
      name: 'negate',
      description: 'test: y = −x',
      outputShape: (_layer, shape) => shape,
      build: (_layer, x, context) => layers.rescaling({ scale: -1, offset: 0, name: context.anonymousName('negate') }).apply(x) as SymbolicTensor,
    });
    const spec: OpSpec = {
      name: 'negated', description: 'test op using negate', argNames: [], aliases: [],
      parseArgs: (raw, context) => parseArgsWith({}, raw, context),
      plan: () => [{ kind: 'negate' }], latencyKey: () => 'negated', primitives: [negate],
    };
    const ops = createOpSpecRegistry([spec]);
    expect(() => buildPlanModel([{ path: 'n', plan: [{ kind: 'negate' }] }], input)).toThrow("n: layers[0]: unknown layer kind 'negate'; known kinds:");
    const model = buildPlanModel([{ path: 'n', plan: [{ kind: 'negate' }] }], input, { primitives: planPrimitivesOf(ops) });
    expect(model.layers.map((layer) => layer.name)).toContain('n.negate0');
    const x = data();
    expect(tf.max(tf.abs(tf.add(model.predict(x) as tf.Tensor, x))).dataSync()[0]).toBe(0);
    model.dispose();
  });

  it('refuses a contributed kind without a builder', () => {
    const bare = { name: 'bare', description: 'no build', outputShape: (_layer: unknown, shape: typeof input) => shape };
    const primitives = builtinPlanPrimitives().extend([bare]);
    expect(() => buildPlanModel([{ path: 'z', plan: [{ kind: 'bare' }] }], input, { primitives })).toThrow(
      "z: layers[0]: plan primitive 'bare' has no tfjs builder",
    );
  });
});
