import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killOnOutput } from './__fixtures__/kill-on-output';

// `fbnas train --data-parallel 2` as users run it (the built CLI in a child process): two threads, each with its
// own wasm backend and half of every batch, must train the model a one-thread run trains at the same batch size,
// and a run killed mid-way resumes from its checkpoint as ever.
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'fbnas-data-parallel-'));
const at = (...parts: string[]) => join(root, ...parts);
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Batch norms (synchronized across threads), squeeze-excitation, dropout and mixup: every part a shard touches.
// Few steps (2 epochs of 2): over many steps training amplifies float rounding (the order gradients are summed in)
// until runs differ by more than 1e-5 however exact the step; one step's equality is the claim tested.
const architecture = {
  format: 'fbnas.arch/v1', name: 'dp_net', inputSize: 28, inputChannels: 1, numClasses: 10,
  stages: [[['conv_k3', 8, 2, 1]], [['ir_k3_se', 16, 2, 1, { expansion: 3 }]], [['ir_k5', 16, 1, 1, { expansion: 3 }], ['skip', 16, 1, 1]]],
};
writeFileSync(at('arch.json'), JSON.stringify(architecture));
const common = ['train', '--arch', at('arch.json'), '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--mixup', '0.2', '--dropout', '0.2', '--seed', '3', '--json'];

function fbnas(args: readonly string[]) {
  return spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, FBNAS_BACKEND: 'wasm' }, timeout: 300_000 });
}

/** The saved model's weights by name (`<folder>/model`, tfjs layers format). */
function weightsOf(folder: string): Map<string, Float32Array> {
  const model = JSON.parse(readFileSync(join(folder, 'model', 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
  };
  const bytes = Buffer.concat(model.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(join(folder, 'model', p)))));
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of model.weightsManifest.flatMap((group) => group.weights)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    out.set(spec.name, floats.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

function maxDifference(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  expect([...b.keys()]).toEqual([...a.keys()]);
  let worst = 0;
  for (const [name, values] of a) values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b.get(name)![i]!))));
  return worst;
}

describe('fbnas train --data-parallel', () => {
  it('2 threads train the weights 1 thread trains at the same batch size (to 1e-5), and resume after a kill', async () => {
    const one = fbnas([...common, '--out', at('one')]);
    expect(one.status, one.stderr).toBe(0);
    const two = fbnas([...common, '--data-parallel', '2', '--out', at('two')]);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stderr).toMatch(/training on 2 data-parallel threads/);
    const reference = weightsOf(at('one'));
    expect(maxDifference(reference, weightsOf(at('two')))).toBeLessThanOrEqual(1e-5);
    // The weights moved (the comparison is not between two untrained models).
    expect(maxDifference(reference, new Map([...reference].map(([k, v]) => [k, v.map(() => 0)])))).toBeGreaterThan(0.01);
    const [oneResult, twoResult] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(twoResult.testAccuracy).toBeCloseTo(oneResult.testAccuracy, 3);
    expect(JSON.parse(readFileSync(at('two', 'config.json'), 'utf8')).dataParallelWorkers).toBe(2);

    // Killed after its first epoch's checkpoint, then run again: it resumes and ends with the same weights.
    await killOnOutput([bin, ...common, '--data-parallel', '2', '--out', at('killed')], /epoch 1\/2/, { cwd: root, env: { ...process.env, FBNAS_BACKEND: 'wasm' } });
    expect(existsSync(at('killed', 'model', 'model.json'))).toBe(false);
    const resumed = fbnas([...common, '--data-parallel', '2', '--out', at('killed')]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resum/i);
    expect(maxDifference(reference, weightsOf(at('killed')))).toBeLessThanOrEqual(1e-5);
  });

  it('refuses a worker count that is not an integer from 1', () => {
    const result = fbnas([...common, '--data-parallel', '0', '--out', at('never')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--data-parallel expects an integer from 1/);
  });
});
