import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { defaultImporter } from './ensure-gradients';
import { selectBackend } from './select-backend';

/** An importer in which the named packages are installed but throw `error` when loaded. */
function brokenImporter(broken: Record<string, Error | object>) {
  return (specifier: string) => (specifier in broken ? Promise.resolve().then(() => {
    const value = broken[specifier]!;
    if (value instanceof Error) throw value;
    return value;
  }) : defaultImporter(specifier));
}

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('selectBackend', () => {
  it('skips the absent tfjs-node packages silently and picks wasm with the training kernels', async () => {
    const onWarning = vi.fn();
    const selection = await selectBackend({ env: {}, onWarning });
    expect(selection.backend).toBe('wasm');
    expect(selection.trainingKernels).toBe(true);
    expect(selection.source).toBe('automatic');
    expect(selection.skipped.map((s) => [s.package, s.kind])).toEqual([
      ['@tensorflow/tfjs-node-gpu', 'not-installed'],
      ['@tensorflow/tfjs-node', 'not-installed'],
    ]);
    expect(onWarning).not.toHaveBeenCalled();
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('reports an installed backend that fails to load, with its message, and falls back', async () => {
    const onWarning = vi.fn();
    const addonMissing = new Error('The Node.js native addon module (tfjs_binding.node) can not be found');
    const selection = await selectBackend({
      env: {},
      onWarning,
      importModule: brokenImporter({ '@tensorflow/tfjs-node-gpu': addonMissing }),
    });
    expect(selection.backend).toBe('wasm');
    expect(selection.skipped[0]).toEqual({ package: '@tensorflow/tfjs-node-gpu', kind: 'load-failed', reason: addonMissing.message });
    expect(onWarning).toHaveBeenCalledWith(expect.stringContaining('tfjs_binding.node'));
  });

  it('tells a missing dependency of an installed tfjs-node from a missing tfjs-node', async () => {
    const dependencyMissing = new Error(
      "Cannot find package '@tensorflow/tfjs' imported from /app/node_modules/@tensorflow/tfjs-node/dist/index.js",
    );
    const selection = await selectBackend({
      env: {},
      onWarning: () => {},
      importModule: brokenImporter({ '@tensorflow/tfjs-node': dependencyMissing }),
    });
    expect(selection.skipped[1]).toMatchObject({ package: '@tensorflow/tfjs-node', kind: 'load-failed' });
  });

  it('refuses a tfjs-node built on another tfjs-core version', async () => {
    const selection = await selectBackend({
      env: {},
      onWarning: () => {},
      importModule: brokenImporter({ '@tensorflow/tfjs-node': { version: { 'tfjs-core': '4.10.0' } } }),
    });
    expect(selection.backend).toBe('wasm');
    expect(selection.skipped[1]!.reason).toMatch(/uses tfjs-core 4.10.0 but fbnas uses 4.22.0/);
  });

  it('honours FBNAS_BACKEND and lets options.backend override it', async () => {
    const fromEnvironment = await selectBackend({ env: { FBNAS_BACKEND: 'cpu' } });
    expect([fromEnvironment.backend, fromEnvironment.source, tf.getBackend()]).toEqual(['cpu', 'environment', 'cpu']);
    expect(fromEnvironment.skipped.every((s) => s.kind === 'not-requested')).toBe(true);
    const fromOption = await selectBackend({ env: { FBNAS_BACKEND: 'cpu' }, backend: 'wasm' });
    expect([fromOption.backend, fromOption.source, tf.getBackend()]).toEqual(['wasm', 'option', 'wasm']);
  });

  it('fails clearly when a forced backend is unavailable', async () => {
    await expect(selectBackend({ backend: 'tensorflow', env: {} })).rejects.toThrow(
      /backend 'tensorflow' \(from options.backend\) is unavailable \(@tensorflow\/tfjs-node-gpu: not installed; @tensorflow\/tfjs-node: not installed\)/,
    );
    await expect(selectBackend({ env: { FBNAS_BACKEND: 'tensorflow' } })).rejects.toThrow(/from FBNAS_BACKEND/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name, listing the valid ones', async () => {
    await expect(selectBackend({ env: { FBNAS_BACKEND: 'gpu' } })).rejects.toThrow(
      "FBNAS_BACKEND is 'gpu'; expected one of tensorflow, wasm, cpu",
    );
  });
});
