import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { buildModel, fileSystemIO } from '@fbnas/ops';
import { listModels, loadArchitecture } from '@fbnas/zoo';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io';
import { main } from './index';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), error: (t) => void stderr.push(t) };
}

const folders: string[] = [];
const temporary = () => {
  const folder = mkdtempSync(join(tmpdir(), 'fbnas-cli-'));
  folders.push(folder);
  return folder;
};

/** Writes a float32 NHWC `.npy` file. */
function writeNpy(path: string, data: Float32Array, shape: number[]): void {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')},), }`;
  header += ' '.repeat(63 - ((header.length + 10) % 64)) + '\n';
  const bytes = Buffer.concat([
    Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]),
    Buffer.from(Uint16Array.of(header.length).buffer), Buffer.from(header, 'latin1'), Buffer.from(data.buffer),
  ]);
  writeFileSync(path, bytes);
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('fbnas zoo info --json', () => {
  for (const model of listModels()) {
    it(`${model.name}: counted MACs and weights equal the published figures; framework count = trainable + BN stats`, async () => {
      const io = capture();
      expect(await main(['zoo', 'info', model.name, '--json'], io)).toBe(0);
      const report = JSON.parse(io.stdout.join('\n'));
      expect(report.counted.macsMillions).toBe(model.published.macsMillions);
      expect(report.counted.weightsMillions).toBe(model.published.weightsMillions);
      expect(report.matchesPublished).toEqual({ macs: true, weights: true });
      expect(report.counted.frameworkParams).toBe(report.counted.trainable + report.counted.bnRunningStats);
      expect(report.weights.licence).toBe('CC BY-NC 4.0');
    });
  }

  it('framework count equals a built tfjs model’s countParams()', async () => {
    const io = capture();
    await main(['zoo', 'info', 'FBNetV2_F1', '--json'], io);
    const model = buildModel(loadArchitecture('FBNetV2_F1'));
    expect(model.countParams()).toBe(JSON.parse(io.stdout.join('\n')).counted.frameworkParams);
    model.dispose();
  });
});

describe('fbnas command line', () => {
  it('lists the sixteen models', async () => {
    const io = capture();
    expect(await main(['zoo', 'list', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n')).map((m: { name: string }) => m.name)).toHaveLength(16);
  });

  it('names the known models for a wrong name, and reports usage errors with exit code 2', async () => {
    const io = capture();
    expect(await main(['zoo', 'info', 'fbnet_z'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/unknown model 'fbnet_z'; known models: fbnet_a/);
    expect(await main(['zoo', 'import', 'fbnet_a'], capture())).toBe(2);
    expect(await main(['zoo', 'frobnicate', 'fbnet_a'], capture())).toBe(2);
    expect(await main(['--bogus'], capture())).toBe(2);
  });

  it('predicts top-5 classes from a .npy tensor and from a PNG with saved weights', async () => {
    const folder = temporary();
    const model = buildModel(loadArchitecture('FBNetV2_F1'), { seed: 7 });
    await model.save(fileSystemIO(join(folder, 'f1')));
    const input = new Float32Array(128 * 128 * 3).map((_, i) => Math.sin(i));
    writeNpy(join(folder, 'x.npy'), input, [1, 128, 128, 3]);
    const io = capture();
    expect(await main(['zoo', 'predict', 'FBNetV2_F1', '--weights', join(folder, 'f1'), '--input', join(folder, 'x.npy'), '--json'], io)).toBe(0);
    const prediction = JSON.parse(io.stdout.join('\n'));
    const direct = model.predict(tf.tensor4d(input, [1, 128, 128, 3])) as tf.Tensor;
    const logits = Array.from(direct.dataSync());
    expect(prediction.logits).toHaveLength(1000);
    prediction.logits.slice(0, 20).forEach((v: number, i: number) => expect(v).toBeCloseTo(logits[i]!, 4));
    // Random weights give near-ties, so check the top class by its logit rather than by index.
    expect(logits[prediction.top5[0].index]).toBeCloseTo(Math.max(...logits), 4);
    expect(prediction.top5).toHaveLength(5);
    direct.dispose();
    model.dispose();

    const png = new PNG({ width: 200, height: 150 });
    for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) % 256;
    writeFileSync(join(folder, 'image.png'), PNG.sync.write(png));
    const imageIo = capture();
    expect(await main(['zoo', 'predict', 'FBNetV2_F1', '--weights', join(folder, 'f1'), '--input', join(folder, 'image.png')], imageIo)).toBe(0);
    expect(imageIo.stdout.filter((line) => /class\s+\d+\s+p = /.test(line))).toHaveLength(5);
  });

  it('import reports keys that do not fit the architecture and writes nothing', async () => {
    const fixture = fileURLToPath(new URL('../../zoo/src/__fixtures__/tiny.legacy.pth', import.meta.url));
    const out = join(temporary(), 'never');
    const io = capture();
    expect(await main(['zoo', 'import', 'FBNetV2_F1', '--from', fixture, '--out', out], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/does not match the architecture; missing \(\d+\): backbone\.stages/);
    expect(existsSync(out)).toBe(false);
  });

  it('reports a pull from an unreachable URL by name', async () => {
    // The built-in manifests point at dl.fbaipublicfiles.com, which this machine cannot reach (no network).
    const io = capture();
    const previous = process.env.FBNAS_HOME;
    process.env.FBNAS_HOME = temporary();
    try {
      expect(await main(['zoo', 'pull', 'FBNetV2_F1'], io)).toBe(1);
    } finally {
      if (previous === undefined) delete process.env.FBNAS_HOME;
      else process.env.FBNAS_HOME = previous;
    }
    expect(io.stderr.join('\n')).toMatch(/cannot download https:\/\/dl\.fbaipublicfiles\.com\//);
  });
});
