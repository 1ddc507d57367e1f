import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { countArch } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { gumbelSoftmax, subsample } from '@fbnas/gumbel';
import { buildModel } from '@fbnas/ops';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { deriveMask, describeMaskSample, loadMaskSpace, randomMaskSample, seededRandom, type MaskSample } from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskedCost } from './masked-cost';
import { planMaskedSpace, type MaskedSpacePlan } from './masked-layout';
import { createMaskedSupernet } from './masked-supernet';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

const ops = createBuiltinOpSpecRegistry();
const space = loadMaskSpace('fbnetv2-micro-28');

/** The one-hot `[rows, K]` weights that pick `sample`. */
function oneHot(plan: MaskedSpacePlan, sample: MaskSample): tf.Tensor2D {
  const width = Math.max(...plan.rows.map((row) => row.options.length));
  const values = plan.rows.map((row) => {
    const chosen = row.kind === 'resolution' ? sample.resolution : (sample.layers[row.layer!] as unknown as Record<string, string | number>)[row.kind];
    const index = chosen === undefined ? 0 : row.options.indexOf(chosen);
    expect(index).toBeGreaterThanOrEqual(0);
    return Array.from({ length: width }, (_, i) => (i === index ? 1 : 0));
  });
  return tf.tensor2d(values);
}

describe('maskedCost', () => {
  const plan = planMaskedSpace(space, ops);

  it('equals the exact MACs and conv weights of the derived architecture for one-hot weights', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 25; i++) {
      const sample = randomMaskSample(space, random);
      const count = countArch(deriveMask(space, sample), ops);
      const weights = oneHot(plan, sample);
      const flops = maskedCost(plan, weights, 'flops');
      const params = maskedCost(plan, weights, 'params');
      expect(flops.dataSync()[0]).toBeCloseTo(count.macs, 0);
      expect(params.dataSync()[0]).toBeCloseTo(count.weights, 0);
      tf.dispose([weights, flops, params]);
    }
  });

  it('is differentiable in the weights and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    const initial = tf.randomNormal([plan.rows.length, 4], 0, 1, 'float32', 3);
    const logits = tf.variable(initial);
    initial.dispose();
    const { value, grads } = tf.variableGrads(() => maskedCost(plan, tf.softmax(tf.add(logits, maskOf(plan))) as tf.Tensor2D, 'flops'), [logits]);
    const gradient = grads[logits.name]!;
    const magnitude = tf.tidy(() => tf.sum(tf.abs(gradient)).dataSync()[0]!);
    expect(magnitude).toBeGreaterThan(0);
    expect(value.dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([value, gradient, logits]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** −1e9 on the padding columns of each row. */
function maskOf(plan: MaskedSpacePlan): tf.Tensor2D {
  return tf.tensor2d(plan.rows.map((row) => [0, 1, 2, 3].map((i) => (i < row.options.length ? 0 : -1e9))));
}

describe('createMaskedSupernet', () => {
  it('runs forward and backward on every resolution path without leaking tensors', () => {
    const supernet = createMaskedSupernet(space, 0);
    let before = tf.memory().numTensors;
    const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10);
    for (let step = 0; step < 2; step++) {
      const mask = gumbelSoftmax(tf.add(supernet.theta, supernet.thetaMask), { temperature: 5, seed: step }) as tf.Tensor2D;
      const { value, grads } = tf.variableGrads(() => {
        const logits = supernet.forward(x, { mask, training: true, mode: 'all' });
        expect(logits.shape).toEqual([4, 10]);
        return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      }, [...supernet.weights]);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(Object.keys(grads).length).toBe(supernet.weights.length);
      tf.dispose([value, mask, ...Object.values(grads)]);
      if (step === 0) before = tf.memory().numTensors; // the first call may build lazily-created state
    }
    const { grads } = tf.variableGrads(() => {
      const mask = gumbelSoftmax(tf.add(supernet.theta, supernet.thetaMask), { temperature: 5, seed: 9 }) as tf.Tensor2D;
      return tf.losses.softmaxCrossEntropy(y, supernet.forward(x, { mask, training: true, mode: 'all' })) as tf.Scalar;
    }, [supernet.theta]);
    const thetaGrad = grads[supernet.theta.name]!.arraySync() as number[][];
    supernet.layerIds.forEach((id, row) => {
      const options = supernet.candidateNames[row]!.length;
      expect(thetaGrad[row]!.slice(0, options).some((g) => g !== 0), `θ row ${id} gets a gradient`).toBe(true);
    });
    tf.dispose([x, y, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    supernet.dispose();
  });

  it('with one-hot weights computes exactly the derived architecture (its weights the leading slices of the widest ones)', () => {
    const supernet = createMaskedSupernet(space, 4);
    const named = supernet.namedVariables();
    const random = seededRandom(21);
    const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    for (let trial = 0; trial < 6; trial++) {
      const sample = randomMaskSample(space, random);
      const arch = deriveMask(space, sample);
      const model = buildModel(arch, { seed: 99 });
      for (const weight of model.weights) {
        const [path, rest] = splitName(weight.originalName);
        const layer = space.layers.find((l) => l.path === path);
        let source: tf.Variable | undefined;
        if (rest.includes('moving_')) continue; // training mode: batch statistics
        if (!layer) {
          source = named.get(`${path}|${weight.originalName}`);
        } else {
          const { op } = sample.layers[layer.id]!;
          const key = `${layer.id}.${op}`;
          const candidate = space.candidates.find((c) => c.name === op)!;
          if (candidate.op.startsWith('ir')) {
            const [unit, part] = rest.split('/') as [string, string];
            const field = { kernel: 'kernel', gamma: 'scale', beta: 'offset' }[part]!;
            source = named.get(`${key}|${unit.split('.')[0]}.${field}`);
          } else {
            source = named.get(`${key}|${key}.${rest}`);
          }
        }
        expect(source, `supernet variable for ${weight.originalName}`).toBeDefined();
        const shape = weight.shape as number[];
        tf.tidy(() => weight.write(tf.slice(source!, shape.map(() => 0), shape)));
      }
      const mask = oneHot(supernet.plan, sample);
      const [superLogits, derivedLogits] = tf.tidy(() => [
        supernet.forward(x, { mask, training: true, mode: 'all' }),
        model.apply(sample.resolution === 28 ? x : subsample(x, sample.resolution), { training: true }) as tf.Tensor,
      ]);
      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(superLogits!, derivedLogits!))).dataSync()[0]!);
      expect(difference, describeMaskSample(space, sample)).toBeLessThan(1e-4);
      tf.dispose([mask, superLogits!, derivedLogits!]);
      model.dispose();
    }
    x.dispose();
    supernet.dispose();
  });

  it('rejects candidates it cannot mask, naming the layer', () => {
    const doc = structuredClone(space.definition) as unknown as { basicArgs: Record<string, unknown> };
    doc.basicArgs = { widthDivisor: 1 };
    expect(() => planMaskedSpace({ ...space, definition: doc as never }, ops)).toThrow(/layer s1_0: candidate 'k3': expansion 1 on input width 8 gives hidden width 8 = input width/);
  });
});

/** `backbone.stages.xif2_0.pw.conv/kernel` → [`backbone.stages.xif2_0`, `pw.conv/kernel`]; `head.fc/bias` → [`head`, `fc/bias`]. */
function splitName(name: string): [string, string] {
  const match = /^(backbone\.stages\.xif\d+_\d+|head)\.(.*)$/.exec(name);
  if (!match) throw new Error(`unexpected weight name ${name}`);
  return [match[1]!, match[2]!];
}
