import { isDeepStrictEqual } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { archLatencyFeatures, countArch, linearLatency, makeDivisible, validateArch, type ArchDefinition, type JsonObject } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { gumbelSoftmax, subsample } from '@fbnas/gumbel';
import { buildModel } from '@fbnas/ops';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import {
  deriveMask, describeMaskSample, loadMaskSpace, parseMaskSpace, randomMaskSample, seededRandom, takesExpansion,
  type MaskLayer, type MaskLayerChoice, type MaskSample, type MaskSearchSpace,
} from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import zooF1 from '../../zoo/src/architectures/FBNetV2_F1.json';
import zooF2 from '../../zoo/src/architectures/FBNetV2_F2.json';
import zooF3 from '../../zoo/src/architectures/FBNetV2_F3.json';
import zooF4 from '../../zoo/src/architectures/FBNetV2_F4.json';
import zooL1 from '../../zoo/src/architectures/FBNetV2_L1.json';
import zooL2 from '../../zoo/src/architectures/FBNetV2_L2.json';
import { maskedCost } from './masked-cost';
import { planMaskedSpace, type MaskedSpacePlan } from './masked-layout';
import { createMaskedSupernet, type MaskedSupernet } from './masked-supernet';

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

/** One linear latency model per term (1 µs per layer, per MAC, per output value), and the intercept alone. */
const TERMS = {
  layers: { intercept: 0, perLayer: 1, perMac: 0, perOutputElement: 0 },
  macs: { intercept: 0, perLayer: 0, perMac: 1, perOutputElement: 0 },
  outputElements: { intercept: 0, perLayer: 0, perMac: 0, perOutputElement: 1 },
} as const;

/** Each latency term of `maskedCost` with `weights` next to `archLatencyFeatures` of `arch` (relative tolerance). */
function expectLatencyTerms(plan: MaskedSpacePlan, weights: tf.Tensor2D, arch: ArchDefinition, tolerance: number, what: string): void {
  const features = archLatencyFeatures(arch, ops);
  for (const [term, coefficients] of Object.entries(TERMS)) {
    const cost = maskedCost(plan, weights, 'latency', coefficients);
    const exact = features[term as keyof typeof TERMS];
    expect(Math.abs(cost.dataSync()[0]! - exact), `${what}: ${term}`).toBeLessThanOrEqual(Math.max(exact * tolerance, 1e-3));
    cost.dispose();
  }
  const intercept = maskedCost(plan, weights, 'latency', { intercept: -40, perLayer: 0, perMac: 0, perOutputElement: 0 });
  expect(intercept.dataSync()[0]).toBe(-40);
  intercept.dispose();
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
      expectLatencyTerms(plan, weights, deriveMask(space, sample), 1e-6, describeMaskSample(space, sample));
      tf.dispose([weights, flops, params]);
    }
  });

  it('in latency mode is the linear model of the expected features: a mixture lies between its one-hot ends', () => {
    const coefficients = { intercept: -40, perLayer: 5, perMac: 1e-4, perOutputElement: 1e-3 };
    const random = seededRandom(12);
    const [a, b] = [randomMaskSample(space, random), randomMaskSample(space, random)];
    const [wa, wb] = [oneHot(plan, a), oneHot(plan, b)];
    const cost = (w: tf.Tensor2D) => { const c = maskedCost(plan, w, 'latency', coefficients); const v = c.dataSync()[0]!; c.dispose(); return v; };
    const [ca, cb] = [cost(wa), cost(wb)];
    expect(ca).toBeCloseTo(linearLatency(coefficients, archLatencyFeatures(deriveMask(space, a), ops)), 2);
    const mixed = tf.tidy(() => tf.add(tf.mul(wa, 0.5), tf.mul(wb, 0.5)) as tf.Tensor2D);
    const cm = cost(mixed);
    expect(cm).toBeGreaterThan(Math.min(ca, cb) - 1e-3);
    expect(cm).toBeLessThan(Math.max(ca, cb) * 1.5);
    expect(() => maskedCost(plan, wa, 'latency')).toThrow(/needs the latency model's coefficients/);
    tf.dispose([wa, wb, mixed]);
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
    const random = seededRandom(21);
    const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    for (let trial = 0; trial < 6; trial++) {
      const sample = randomMaskSample(space, random);
      const model = derivedWithSupernetWeights(space, supernet, sample);
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

  it('without alwaysPw (no pw conv where e·in = in): cost and one-hot function are still the derived architecture\'s', () => {
    const noPw = parseMaskSpace({ ...structuredClone(space.definition), basicArgs: { widthDivisor: 1 } });
    const plan = planMaskedSpace(noPw, ops);
    const irCandidates = plan.blocks.flatMap((b) => (b.kind === 'layer' ? b.candidates : [])).filter((c) => c.op === 'ir');
    expect(irCandidates.length).toBeGreaterThan(0);
    // Every ir candidate's pw conv exists for some choices only (none where e·in = in).
    expect(irCandidates.every((c) => c.block.layers.find((l) => l.key === 'pw.conv')?.presence?.values.includes(0))).toBe(true);
    const supernet = createMaskedSupernet(noPw, 6);
    const random = seededRandom(31);
    const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    for (let trial = 0; trial < 6; trial++) {
      const sample = withExpansionOne(noPw, randomMaskSample(noPw, random), random);
      const count = countArch(deriveMask(noPw, sample), ops);
      const mask = oneHot(plan, sample);
      const [flops, params] = [maskedCost(plan, mask, 'flops'), maskedCost(plan, mask, 'params')];
      expect(flops.dataSync()[0]).toBeCloseTo(count.macs, 0);
      expect(params.dataSync()[0]).toBeCloseTo(count.weights, 0);
      expectLatencyTerms(plan, mask, deriveMask(noPw, sample), 1e-6, describeMaskSample(noPw, sample));
      const model = derivedWithSupernetWeights(noPw, supernet, sample);
      expect(maxDifference(supernet, model, x, mask, sample.resolution), describeMaskSample(noPw, sample)).toBeLessThan(1e-4);
      tf.dispose([mask, flops, params]);
      model.dispose();
    }
    x.dispose();
    supernet.dispose();
  });

  it('rejects candidates it cannot mask, naming the layer', () => {
    const doc = structuredClone(space.definition);
    doc.candidates = { ...doc.candidates, k3: ['ir_k3_g2'] };
    expect(() => planMaskedSpace(parseMaskSpace(doc), ops)).toThrow(/layer s1_0: candidate 'k3': grouped convolutions \(and their channel shuffle\) cannot be masked/);
    const pooled = structuredClone(space.definition);
    pooled.candidates = { ...pooled.candidates, pool: ['ir_pool', { expansion: 6 }] };
    const [firstStage] = pooled.stages.slice(-2, -1);
    (firstStage![0] as { candidates?: string[] }).candidates = ['k3', 'pool'];
    (firstStage![0] as { stride: number }).stride = 1;
    expect(() => planMaskedSpace(parseMaskSpace(pooled), ops)).toThrow(/candidate 'pool' gives 1×1 maps while 'k3' gives \d+×\d+: their outputs cannot be mixed/);
  });
});

describe('fbnetv2 (ImageNet scale: no-pw combinations, squeeze-excite, ir_pool_hs)', () => {
  const v2 = loadMaskSpace('fbnetv2');
  const v2Plan = planMaskedSpace(v2, ops);
  const zoo = [zooF1, zooF2, zooF3, zooF4, zooL1, zooL2].map((json) => validateArch(json));

  it('plans every candidate: pw-less e = 1 combinations in every ir layer, SE widths per combination, a 1×1 map after ir_pool_hs', () => {
    const layers = v2Plan.blocks.filter((b) => b.kind === 'layer');
    expect(layers).toHaveLength(27);
    const pool = layers.at(-1)!;
    expect(pool.candidates.map((c) => c.op)).toEqual(['ir_pool']);
    expect(pool.outSides).toEqual([1, 1, 1, 1, 1]);
    const s1 = layers.find((b) => b.layer.id === 's1_0')!;
    const se = s1.candidates.find((c) => c.name === 'ir_k3_sehsig')!;
    expect(se.block.layers.find((l) => l.key === 'pw.conv')!.presence!.values).toContain(0);
    const seLayer = se.block.layers.find((l) => l.kind === 'squeezeExcite')!;
    const reduce = seLayer.bodies[0]!.find((l) => l.key === 'se.se.0.conv')!;
    expect([...new Set(reduce.fields.outChannels!.values)].sort((a, b) => a - b)).toEqual([8, 16, 24, 32]);
    expect((seLayer.bodies[0]!.at(-1)!.widest as { activation?: string }).activation).toBe('hsigmoid');
    const head = v2Plan.blocks.at(-1)!;
    expect(head.kind === 'fixed' && head.inSides).toEqual([1, 1, 1, 1, 1]);
  });

  it('maskedCost with one-hot weights is countArch of the derived architecture: random samples and the six zoo models', () => {
    const random = seededRandom(41);
    const samples = [
      ...Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? randomMaskSample(v2, random) : withExpansionOne(v2, randomMaskSample(v2, random), random))),
      ...zoo.map((arch) => zooSample(v2, arch)),
    ];
    for (const sample of samples) {
      const count = countArch(deriveMask(v2, sample), ops);
      const weights = oneHot(v2Plan, sample);
      const flops = maskedCost(v2Plan, weights, 'flops').dataSync()[0]!;
      const params = maskedCost(v2Plan, weights, 'params').dataSync()[0]!;
      // float32 sums of ~10⁸ MACs: equal up to a few units in the last place.
      expect(Math.abs(flops - count.macs), `${describeMaskSample(v2, sample)}: MACs`).toBeLessThanOrEqual(count.macs * 2e-7);
      expect(Math.abs(params - count.weights), `${describeMaskSample(v2, sample)}: weights`).toBeLessThanOrEqual(count.weights * 2e-7);
      expectLatencyTerms(v2Plan, weights, deriveMask(v2, sample), 2e-7, describeMaskSample(v2, sample));
      weights.dispose();
    }
    // The zoo models' published counts (spec §7.3), through the masked cost.
    const f1 = oneHot(v2Plan, zooSample(v2, zoo[0]!));
    expect(maskedCost(v2Plan, f1, 'flops').dataSync()[0]! / 1e6).toBeCloseTo(56.41056, 4);
    expect(maskedCost(v2Plan, f1, 'params').dataSync()[0]! / 1e6).toBeCloseTo(5.999408, 5);
    f1.dispose();
  });

  it('with one-hot weights computes exactly the derived architecture at 128 px (batch 2)', () => {
    // The space with its smallest resolution only: the same layers, one network path.
    const at128 = parseMaskSpace({ ...structuredClone(v2.definition), resolutions: [128] });
    const supernet = createMaskedSupernet(at128, 2);
    const random = seededRandom(51);
    const x = tf.randomNormal([2, 128, 128, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const samples = [
      { ...zooSample(at128, zoo[0]!), resolution: 128 },
      withExpansionOne(at128, randomMaskSample(at128, random), random),
    ];
    for (const sample of samples) {
      const model = derivedWithSupernetWeights(at128, supernet, sample);
      const mask = oneHot(supernet.plan, sample);
      expect(maxDifference(supernet, model, x, mask, 128), describeMaskSample(at128, sample)).toBeLessThan(1e-4);
      mask.dispose();
      model.dispose();
    }
    x.dispose();
    supernet.dispose();
  });

  it('runs forward and backward without leaking tensors (32 px: wasm\'s 4 GiB heap holds no backward pass at 128 px)', () => {
    const small = parseMaskSpace({ ...structuredClone(v2.definition), resolutions: [32] });
    const supernet = createMaskedSupernet(small, 0);
    const x = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.oneHot(tf.tensor1d([0, 999], 'int32'), 1000);
    let before = tf.memory().numTensors;
    for (let step = 0; step < 2; step++) {
      const { value, grads } = tf.variableGrads(() => {
        const mask = gumbelSoftmax(tf.add(supernet.theta, supernet.thetaMask), { temperature: 5, seed: step }) as tf.Tensor2D;
        const logits = supernet.forward(x, { mask, training: true, mode: 'all' });
        return tf.add(tf.losses.softmaxCrossEntropy(y, logits), tf.mul(maskedCost(supernet.plan, mask, 'flops'), 1e-9)) as tf.Scalar;
      }, [...supernet.weights, supernet.theta]);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(Object.keys(grads).length).toBe(supernet.weights.length + 1);
      if (step === 1) {
        const thetaGrad = grads[supernet.theta.name]!.arraySync() as number[][];
        supernet.layerIds.forEach((id, row) => {
          const options = supernet.candidateNames[row]!.length;
          expect(thetaGrad[row]!.slice(0, options).some((g) => g !== 0), `θ row ${id} gets a gradient`).toBe(true);
        });
      }
      tf.dispose([value, ...Object.values(grads)]);
      if (step === 0) before = tf.memory().numTensors; // the first call may build lazily-created state
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    supernet.dispose();
  });
});

/**
 * The derived architecture of `sample`, built with `buildModel`, its weights the leading slices of the
 * supernet's (BN running statistics untouched: both run in training mode).
 */
function derivedWithSupernetWeights(space: MaskSearchSpace, supernet: MaskedSupernet, sample: MaskSample) {
  const named = supernet.namedVariables();
  const model = buildModel(deriveMask(space, sample), { seed: 99 });
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
      source = named.get(`${key}|${key}.${rest}`);
    }
    expect(source, `supernet variable for ${weight.originalName}`).toBeDefined();
    const shape = weight.shape as number[];
    tf.tidy(() => { weight.write(tf.slice(source!, shape.map(() => 0), shape)); });
  }
  return model;
}

/** max |supernet − derived| of the logits on `x` (the derived model on x subsampled to `resolution`). */
function maxDifference(supernet: MaskedSupernet, model: ReturnType<typeof buildModel>, x: tf.Tensor4D, mask: tf.Tensor2D, resolution: number): number {
  return tf.tidy(() => {
    const superLogits = supernet.forward(x, { mask, training: true, mode: 'all' });
    const derivedLogits = model.apply(resolution === x.shape[1] ? x : subsample(x, resolution), { training: true }) as tf.Tensor;
    return tf.max(tf.abs(tf.sub(superLogits, derivedLogits))).dataSync()[0]!;
  });
}

/** `sample` with expansion 1 (hidden = input width: no pw conv in the derived block) in about half its ir layers. */
function withExpansionOne(space: MaskSearchSpace, sample: MaskSample, random: () => number): MaskSample {
  const layers = Object.fromEntries(Object.entries(sample.layers).map(([id, choice]) => {
    const use = choice.expansion !== undefined && space.layers.find((l) => l.id === id)!.expansions!.includes(1) && random() < 0.5;
    return [id, use ? { ...choice, expansion: 1 } : choice];
  }));
  return { ...sample, layers };
}

/**
 * The sample of the fbnetv2 space reproducing a zoo architecture (as in search-space's fbnetv2-space test): zoo
 * stage s fills the space's stage s layers in order (same op and args, output width, an expansion giving the same
 * hidden width); the layers left over are identity skips.
 */
function zooSample(space: MaskSearchSpace, arch: ArchDefinition): MaskSample {
  const divisor = space.definition.basicArgs!.widthDivisor as number;
  const layers: Record<string, MaskLayerChoice> = {};
  let inChannels = arch.inputChannels ?? 3;
  arch.stages.forEach((stage, s) => {
    const stageLayers = space.layers.filter((layer) => layer.path.startsWith(`backbone.stages.xif${s}_`));
    const blocks = stage.flatMap(([op, outChannels, stride, repeat, ...argObjects]) =>
      Array.from({ length: repeat }, (_, copy) => ({ op, outChannels, stride: copy === 0 ? stride : 1, args: Object.assign({}, ...argObjects) as JsonObject })));
    stageLayers.forEach((layer: MaskLayer, index) => {
      const block = blocks[index] ?? { op: 'skip', outChannels: inChannels, stride: 1, args: {} };
      const { expansion, ...otherArgs } = block.args;
      const name = layer.candidates.find((candidateName) => {
        const candidate = space.candidates.find((c) => c.name === candidateName)!;
        if (candidate.op !== block.op) return false;
        return takesExpansion(space, layer, candidateName) ? isDeepStrictEqual(otherArgs, candidate.args) : isDeepStrictEqual(block.args, candidate.args);
      })!;
      if (!takesExpansion(space, layer, name)) {
        layers[layer.id] = { op: name, channels: block.outChannels };
      } else {
        const hidden = makeDivisible(inChannels * (expansion as number), divisor);
        const ratio = layer.expansions!.filter((e) => makeDivisible(inChannels * e, divisor) === hidden)
          .reduce((best, e) => (Math.abs(e - (expansion as number)) < Math.abs(best - (expansion as number)) ? e : best));
        layers[layer.id] = { op: name, channels: block.outChannels, expansion: ratio };
      }
      inChannels = block.outChannels;
    });
  });
  return { resolution: arch.inputSize, layers };
}

/** `backbone.stages.xif2_0.pw.conv/kernel` → [`backbone.stages.xif2_0`, `pw.conv/kernel`]; `head.fc/bias` → [`head`, `fc/bias`]. */
function splitName(name: string): [string, string] {
  const match = /^(backbone\.stages\.xif\d+_\d+|head)\.(.*)$/.exec(name);
  if (!match) throw new Error(`unexpected weight name ${name}`);
  return [match[1]!, match[2]!];
}
