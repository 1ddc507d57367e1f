import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { ArchDefinition } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { maxRelativeError } from '@fbnas/backend/testing';
import { fileSystemIO, registerFbnasLayers } from '@fbnas/ops';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsWithMyStem, tinyArchWithMyStem } from '../__fixtures__/contributed-stem';
import { readNpy } from '../predict/read-npy';
import { importCheckpoint } from './import-checkpoint';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));
const architecture = JSON.parse(readFileSync(fixture('tiny-arch.json'), 'utf8')) as ArchDefinition;
const expected = JSON.parse(readFileSync(fixture('tiny-expected.json'), 'utf8')) as { logits: number[][] };
const input = readNpy(readFileSync(fixture('tiny-input.npy')));
const folders: string[] = [];
const temporary = () => {
  const folder = mkdtempSync(join(tmpdir(), 'fbnas-zoo-'));
  folders.push(folder);
  return folder;
};

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('importCheckpoint (PyTorch fixture made by fixtures/make-tiny-fixture.py)', () => {
  for (const file of ['tiny.zip.pth', 'tiny.legacy.pth']) {
    it(`reproduces PyTorch's logits from ${file} to float32 tolerance`, async () => {
      const model = await importCheckpoint({ architecture, from: fixture(file) });
      const logits = model.predict(tf.tensor4d(input.data, input.shape as [number, number, number, number])) as tf.Tensor;
      expect(logits.shape).toEqual([2, 10]);
      expect(maxRelativeError(logits.dataSync(), expected.logits.flat())).toBeLessThan(1e-4);
      logits.dispose();
      model.dispose();
    });
  }

  it('FBNetV3 rules (less_se_channels, dw padding overrides, e = 1 after a wider stem): reproduces PyTorch\'s logits', async () => {
    const v3 = JSON.parse(readFileSync(fixture('tiny-v3-arch.json'), 'utf8')) as ArchDefinition;
    const v3Expected = JSON.parse(readFileSync(fixture('tiny-v3-expected.json'), 'utf8')) as { logits: number[][] };
    const v3Input = readNpy(readFileSync(fixture('tiny-v3-input.npy')));
    const model = await importCheckpoint({ architecture: v3, from: fixture('tiny-v3.zip.pth') });
    const logits = model.predict(tf.tensor4d(v3Input.data, v3Input.shape as [number, number, number, number])) as tf.Tensor;
    expect(logits.shape).toEqual([2, 10]);
    expect(maxRelativeError(logits.dataSync(), v3Expected.logits.flat())).toBeLessThan(1e-4);
    tf.dispose([logits]);
    model.dispose();
  });

  it('prefers model_ema and strips module. (the zip fixture holds a zeroed state_dict beside it)', async () => {
    const out = join(temporary(), 'tiny-tfjs');
    const model = await importCheckpoint({ architecture, from: fixture('tiny.zip.pth'), out });
    registerFbnasLayers();
    const loaded = await loadLayersModel(fileSystemIO(out));
    const logits = loaded.predict(tf.tensor4d(input.data, input.shape as [number, number, number, number])) as tf.Tensor;
    expect(maxRelativeError(logits.dataSync(), expected.logits.flat())).toBeLessThan(1e-4);
    tf.dispose([logits]);
    model.dispose();
    loaded.dispose();
  });

  it('names every missing, unexpected and mis-shaped key, and writes nothing', async () => {
    const other = structuredClone(architecture) as unknown as { stages: unknown[][][] };
    (other.stages[0]![0] as unknown[])[1] = 16; // stem 8 -> 16 channels: shapes change downstream
    (other.stages as unknown[]).pop(); // drop ir_pool: its keys become unexpected
    const out = join(temporary(), 'never');
    const error = await importCheckpoint({ architecture: other as unknown as ArchDefinition, from: fixture('tiny.legacy.pth'), out }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/tiny\.legacy\.pth: the state dict does not match the architecture/);
    expect(message).toMatch(/unexpected \(\d+\): .*backbone\.stages\.xif5_0\.pw\.conv\.weight/);
    expect(message).toMatch(/wrong shape \(\d+\): backbone\.stages\.xif0_0\.conv\.weight \[8,3,3,3\] expected \[16,3,3,3\]/);
    expect(existsSync(out)).toBe(false);
  });

  it('converts an architecture using a contributed op with `ops` (keys from its plan), and refuses it without', async () => {
    const withStem = tinyArchWithMyStem();
    const model = await importCheckpoint({ architecture: withStem, from: fixture('tiny.zip.pth'), ops: opsWithMyStem() });
    const logits = model.predict(tf.tensor4d(input.data, input.shape as [number, number, number, number])) as tf.Tensor;
    expect(maxRelativeError(logits.dataSync(), expected.logits.flat())).toBeLessThan(1e-4);
    tf.dispose([logits]);
    model.dispose();
    await expect(importCheckpoint({ architecture: withStem, from: fixture('tiny.zip.pth') })).rejects.toThrow(/stages\[0\]\[0\].*unknown op 'my_stem'/);
  });

  it('rejects a truncated checkpoint with a clear error and writes nothing', async () => {
    const folder = temporary();
    const truncated = join(folder, 'truncated.pth');
    writeFileSync(truncated, readFileSync(fixture('tiny.legacy.pth')).subarray(0, 5000));
    const out = join(folder, 'out');
    await expect(importCheckpoint({ architecture, from: truncated, out })).rejects.toThrow(/truncated/i);
    expect(existsSync(out)).toBe(false);
  });
});
