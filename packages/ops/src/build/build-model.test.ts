import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { countArch, type ArchDefinition } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { maxRelativeError, runOn, seededNormal } from '@fbnas/backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSystemIO } from '../io/file-system-io';
import { createBuiltinOpSpecRegistry } from '../specs';
import { hardSigmoid, hardSwish } from './activations';
import { buildModel, planArchitecture } from './build-model';

/** Every op and option the zoo uses, at a small size. */
const TINY: ArchDefinition = {
  format: 'fbnas.arch/v1',
  name: 'tiny',
  inputSize: 32,
  numClasses: 10,
  basicArgs: { widthDivisor: 8 },
  stages: [
    [['conv_k3_hs', 8, 2, 1]],
    [['ir_k3', 8, 1, 1, { expansion: 1 }], ['ir_k5_sehsig_hs', 16, 2, 1, { expansion: 4 }]],
    [['ir_k3_g2', 16, 1, 1, { expansion: 1, pwlGroups: 2, bias: true }], ['skip', 24, 2, 1], ['skip', 24, 1, 1]],
    [['ir_k3_se', 24, 1, 1, { expansion: 3, bias: true }], ['ir_k5_hs', 32, 1, 1, { expansion: 5.4566 }]],
    [['conv_k1', 40, 1, 1]],
    [['ir_pool_hs', 48, 1, 1, { expansion: 6 }]],
  ],
} as unknown as ArchDefinition;

const folders: string[] = [];
function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'fbnas-ops-'));
  folders.push(folder);
  return folder;
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('buildModel', () => {
  it('builds logits of the right shape with exactly the counted parameters', () => {
    const model = buildModel(TINY, { seed: 1 });
    const count = countArch(TINY, createBuiltinOpSpecRegistry());
    expect(model.countParams()).toBe(count.frameworkParams);
    const trainable = model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
    expect(trainable).toBe(count.trainable);
    const y = model.predict(tf.zeros([2, 32, 32, 3])) as tf.Tensor;
    expect(y.shape).toEqual([2, 10]);
    tf.dispose(y);
    model.dispose();
  });

  it('is reproducible for every seed, 0 (which tfjs alone treats as no seed) included', () => {
    const weightsOf = (seed: number) => {
      const model = buildModel(TINY, { seed });
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    const zero = weightsOf(0);
    expect(weightsOf(0)).toEqual(zero);
    expect(weightsOf(1)).not.toEqual(zero);
  });

  it('refuses an architecture over the size limits unless they are raised', () => {
    const huge = { ...TINY, inputSize: 2048 };
    expect(() => buildModel(huge)).toThrow('inputSize: input size 2048 exceeds the limit 1024 (limits.maxInputSize)');
    expect(() => planArchitecture(huge, undefined, { limits: { maxInputSize: 2048 } })).not.toThrow();
  });

  it('names weights after the reference checkpoint keys', () => {
    const model = buildModel(TINY);
    const names = model.weights.map((w) => w.originalName);
    expect(names).toContain('backbone.stages.xif0_0.conv/kernel');
    expect(names).toContain('backbone.stages.xif1_1.se.se.0.conv/bias');
    expect(names).toContain('backbone.stages.xif2_1.conv.bn/moving_variance');
    expect(names).toContain('head.conv/bias');
    model.dispose();
  });

  it('gives the same logits on wasm and cpu', async () => {
    const model = buildModel(TINY, { seed: 3 });
    const weights = model.getWeights().map((w) => ({ shape: w.shape, values: w.dataSync().slice() }));
    model.dispose();
    const input = seededNormal(5, 2 * 32 * 32 * 3);
    const run = () => {
      const m = buildModel(TINY, { seed: 3 });
      m.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
      const out = m.predict(tf.tensor4d(input, [2, 32, 32, 3])) as tf.Tensor;
      m.dispose();
      return [out];
    };
    // Models own variables, so runOn's leak check does not apply; compare the outputs only.
    await tf.setBackend('cpu');
    const cpu = tf.tidy(run)[0]!;
    const cpuValues = cpu.dataSync().slice();
    cpu.dispose();
    await tf.setBackend('wasm');
    const wasm = tf.tidy(run)[0]!;
    expect(maxRelativeError(wasm.dataSync(), cpuValues)).toBeLessThan(1e-4);
    wasm.dispose();
  });

  it('saves as a standard tfjs artifact and loads back identically; a corrupted shard is named', async () => {
    const model = buildModel(TINY, { seed: 2 });
    const x = tf.tensor4d(seededNormal(9, 32 * 32 * 3), [1, 32, 32, 3]);
    const before = (model.predict(x) as tf.Tensor).dataSync().slice();
    const folder = join(temporaryFolder(), 'tiny');
    await model.save(fileSystemIO(folder, 64 * 1024));
    const shards = readdirSync(folder).filter((f) => f.endsWith('.bin'));
    expect(shards.length).toBeGreaterThan(1);
    const loaded = await loadLayersModel(fileSystemIO(folder));
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    writeFileSync(join(folder, shards[0]!), new Uint8Array(64 * 1024));
    await expect(loadLayersModel(fileSystemIO(folder))).rejects.toThrow(/group1-shard1of\d+\.bin: sha256 mismatch/);
    model.dispose();
    loaded.dispose();
    x.dispose();
  });

  it('trains: gradients reach every trainable weight and BN running statistics move', () => {
    const model = buildModel(TINY, { seed: 4 });
    const x = tf.tensor4d(seededNormal(11, 4 * 32 * 32 * 3), [4, 32, 32, 3]);
    const labels = tf.oneHot(tf.tensor1d([1, 2, 3, 4], 'int32'), 10);
    const meanBefore = model.getLayer('backbone.stages.xif0_0.bn').getWeights()[2]!.dataSync().slice();
    const { grads, value } = tf.variableGrads(() =>
      tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
    );
    const trainable = model.trainableWeights.map((w) => w.originalName);
    const withGradient = Object.keys(grads);
    expect(withGradient.length).toBe(trainable.length);
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    const meanAfter = model.getLayer('backbone.stages.xif0_0.bn').getWeights()[2]!.dataSync();
    expect(maxRelativeError(meanAfter, meanBefore)).toBeGreaterThan(0);
    tf.dispose([x, labels, value, ...Object.values(grads)]);
    model.dispose();
  });
});

describe('activations', () => {
  it('hswish and hsigmoid follow the reference formulas, not tfjs hardSigmoid', async () => {
    const xs = [-4, -3, -1, 0, 0.5, 3, 4];
    const [swish, sigmoid] = await runOn('wasm', () => [hardSwish(tf.tensor1d(xs)), hardSigmoid(tf.tensor1d(xs))]);
    const relu6 = (v: number) => Math.min(Math.max(v, 0), 6);
    xs.forEach((v, i) => {
      expect(sigmoid![i]).toBeCloseTo(relu6(v + 3) / 6, 6);
      expect(swish![i]).toBeCloseTo((v * relu6(v + 3)) / 6, 6);
    });
  });
});
