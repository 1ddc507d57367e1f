/**
 * The contributed ops in FBNetV2's masked search (DMaskingNAS): a space whose layers choose the ghost bottleneck,
 * the 7×7 inverted residual or skip, their output width and expansion (`my-mask-space.json`). The masked supernet
 * is built from the ops' plans: its cost with one-hot weights is the derived architecture's exact count, and with
 * one-hot weights it computes the derived architecture with the widest weights' matching slices (inside a ghost
 * bottleneck, a concat's cheap channels sit after the widest primary half).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { countArch } from '@fbnas/core';
import { subsample } from '@fbnas/gumbel';
import { buildModel } from '@fbnas/ops';
import { deriveMask, describeMaskSample, parseMaskSpace, randomMaskSample, seededRandom, type MaskSample } from '@fbnas/search-space';
import { createMaskedSupernet, layoutRuns, maskedCost, tableAt, type AlignedLayer, type Combo, type MaskedSpacePlan } from '@fbnas/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOps } from './my-ops.js';

const ops = createOps();
const space = parseMaskSpace(JSON.parse(readFileSync(new URL('./my-mask-space.json', import.meta.url), 'utf8')));

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

/** The one-hot `[rows, K]` weights that pick `sample`. */
function oneHot(plan: MaskedSpacePlan, sample: MaskSample): tf.Tensor2D {
  const width = Math.max(...plan.rows.map((row) => row.options.length));
  return tf.tensor2d(plan.rows.map((row) => {
    const chosen = row.kind === 'resolution' ? sample.resolution : (sample.layers[row.layer!] as unknown as Record<string, string | number>)[row.kind];
    const index = chosen === undefined ? 0 : row.options.indexOf(chosen);
    return Array.from({ length: width }, (_, i) => (i === index ? 1 : 0));
  }));
}

/** Random samples that use each contributed op at least once. */
function samples(count: number): MaskSample[] {
  const random = seededRandom(5);
  const result: MaskSample[] = [];
  while (result.length < count) {
    const sample = randomMaskSample(space, random);
    const opsUsed = new Set(Object.values(sample.layers).map((choice) => choice.op));
    if (result.length < 2 && !(opsUsed.has('ghost') && opsUsed.has('ir7'))) continue;
    result.push(sample);
  }
  return result;
}

/** Positions of the live channels of a layout key. */
const positions = (layout: string) => layoutRuns(layout).flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i));

describe('DMaskingNAS over the contributed ops', () => {
  it('plans the ghost bottleneck and the 7×7 inverted residual as masked candidates', () => {
    const supernet = createMaskedSupernet(space, 1, ops);
    const s1 = supernet.plan.blocks.find((b) => b.kind === 'layer' && b.layer.id === 's1_0');
    const ghost = s1?.kind === 'layer' ? s1.candidates.find((c) => c.name === 'ghost')! : undefined;
    expect(ghost?.block.layers.map((l) => l.key)).toContain('ghost1.primary.conv');
    expect(ghost?.block.residual?.values).toContain(1);
    supernet.dispose();
  });

  it('maskedCost with one-hot weights is the derived architecture\'s exact MACs and weights', () => {
    const supernet = createMaskedSupernet(space, 1, ops);
    for (const sample of samples(12)) {
      const count = countArch(deriveMask(space, sample), ops);
      const weights = oneHot(supernet.plan, sample);
      const [flops, params] = [maskedCost(supernet.plan, weights, 'flops'), maskedCost(supernet.plan, weights, 'params')];
      expect(flops.dataSync()[0], describeMaskSample(space, sample)).toBeCloseTo(count.macs, 0);
      expect(params.dataSync()[0], describeMaskSample(space, sample)).toBeCloseTo(count.weights, 0);
      tf.dispose([weights, flops, params]);
    }
    supernet.dispose();
  });

  it('with one-hot weights computes the derived architecture (its weights the live slices of the widest ones)', () => {
    const supernet = createMaskedSupernet(space, 2, ops);
    const named = supernet.namedVariables();
    const x = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
    for (const sample of samples(6)) {
      const arch = deriveMask(space, sample);
      const model = buildModel(arch, { ops, seed: 9 });
      // Every aligned layer of the chosen candidates, with the combination the sample picks.
      const layers = new Map<string, { layer: AlignedLayer; combo: Combo }>();
      let inputIndex = 0;
      for (const block of supernet.plan.blocks) {
        if (block.kind === 'fixed') {
          const combo = { expansion: 0, input: inputIndex, output: 0 };
          const visit = (list: AlignedLayer[]) => list.forEach((l) => { layers.set(`${block.block.path}|${block.block.path}.${l.key}`, { layer: l, combo }); l.bodies.forEach(visit); });
          visit(block.aligned.layers);
          inputIndex = 0;
          continue;
        }
        const choice = sample.layers[block.layer.id]!;
        const candidate = block.candidates.find((c) => c.name === choice.op)!;
        const combo = {
          expansion: candidate.hasExpansion ? block.expansions.indexOf(choice.expansion!) : 0,
          input: inputIndex,
          output: block.layer.channels.indexOf(choice.channels),
        };
        const key = `${block.layer.id}.${choice.op}`;
        const visit = (list: AlignedLayer[]) => list.forEach((l) => { layers.set(`${key}|${key}.${l.key}`, { layer: l, combo }); l.bodies.forEach(visit); });
        visit(candidate.block.layers);
        inputIndex = block.layer.channels.indexOf(choice.channels);
      }
      for (const weight of model.weights) {
        const [, path, layerName, part] = /^(backbone\.stages\.xif\d+_\d+|head)\.(.*)\/(\w+)$/.exec(weight.originalName)!;
        if (part!.startsWith('moving_')) continue; // batch statistics in training mode
        const spaceLayer = space.layers.find((l) => l.path === path);
        const key = spaceLayer ? `${spaceLayer.id}.${sample.layers[spaceLayer.id]!.op}` : path!;
        const source = named.get(`${key}|${weight.originalName.replace(path!, key)}`);
        const found = layers.get(`${key}|${key}.${layerName}`);
        expect(source, weight.originalName).toBeDefined();
        expect(found, weight.originalName).toBeDefined();
        const { layer, combo } = found!;
        const inPositions = positions(tableAt(layer.inLayout, combo));
        const outCount = tableAt(layer.outWidth, combo);
        tf.tidy(() => {
          let value: tf.Tensor = source!;
          if (part === 'kernel') {
            const depthwise = layer.channelwise;
            value = tf.gather(value, inPositions, 2);
            if (!depthwise) value = tf.slice(value, [0, 0, 0, 0], [-1, -1, -1, outCount]);
          } else if (layer.kind === 'batchNorm') {
            value = tf.gather(value, inPositions);
          } else {
            value = tf.slice(value, [0], [outCount]); // conv bias
          }
          expect(value.shape, weight.originalName).toEqual(weight.shape);
          weight.write(value);
        });
      }
      const mask = oneHot(supernet.plan, sample);
      const difference = tf.tidy(() => {
        const superLogits = supernet.forward(x, { mask, training: true, mode: 'all' });
        const input = sample.resolution === 28 ? x : subsample(x, sample.resolution);
        const derived = model.apply(input, { training: true }) as tf.Tensor;
        return tf.max(tf.abs(tf.sub(superLogits, derived))).dataSync()[0]!;
      });
      expect(difference, describeMaskSample(space, sample)).toBeLessThan(1e-4);
      mask.dispose();
      model.dispose();
    }
    x.dispose();
    supernet.dispose();
  });

  it('trains: forward and backward through every candidate with a flat tensor count, θ gets a gradient', () => {
    const supernet = createMaskedSupernet(space, 3, ops);
    const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 3);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10);
    let before = 0;
    for (let step = 0; step < 3; step++) {
      const { value, grads } = tf.variableGrads(() => {
        const mask = tf.softmax(tf.add(supernet.theta, supernet.thetaMask)) as tf.Tensor2D;
        const logits = supernet.forward(x, { mask, training: true, mode: 'all' });
        return tf.add(tf.losses.softmaxCrossEntropy(y, logits), tf.mul(maskedCost(supernet.plan, mask, 'flops'), 1e-9)) as tf.Scalar;
      }, [...supernet.weights, supernet.theta]);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      const thetaGrad = grads[supernet.theta.name]!.arraySync() as number[][];
      supernet.layerIds.forEach((id, row) => {
        expect(thetaGrad[row]!.slice(0, supernet.candidateNames[row]!.length).some((g) => g !== 0), `θ row ${id}`).toBe(true);
      });
      tf.dispose([value, ...Object.values(grads)]);
      if (step === 0) before = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    supernet.dispose();
  });
});
