import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reference from './__fixtures__/rmsprop-reference.json';
import { loadNamedTensors, saveNamedTensors } from './named-tensors-file';
import { rmsprop, type StatefulOptimizer } from './optimizers';

/**
 * The fixture (made by `fixtures/make-rmsprop-fixture.py` with torch.optim.RMSprop, float64): initial weights, one
 * gradient per variable and step (`null`: none, the variable is skipped) and, per configuration, the weights after
 * each step. Values are flat, row-major.
 */
interface RmspropReference {
  learningRate: number;
  shapes: number[][];
  initial: number[][];
  gradients: (number[] | null)[][];
  cases: { name: string; options: { alpha: number; epsilon: number; momentum: number; centered: boolean }; weights: number[][][] }[];
}
const fixture = reference as RmspropReference;

const folders: string[] = [];
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const makeVariables = () => fixture.initial.map((values, i) => tf.variable(tf.tensor(values, fixture.shapes[i])));

/** Feeds the fixture's gradients of steps `from` … `to − 1` to `optimizer`. */
function runSteps(optimizer: StatefulOptimizer, variables: tf.Variable[], from: number, to: number): void {
  for (let step = from; step < to; step++) {
    const gradients = fixture.gradients[step]!.map((values, i) => (values ? tf.tensor(values, fixture.shapes[i]) : undefined));
    optimizer.step(variables, gradients, fixture.learningRate);
    for (const gradient of gradients) gradient?.dispose();
  }
}

/** Largest `|actual − expected| / |expected|` over all values. */
function relativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(actual[k]! - expected[k]!) / Math.abs(expected[k]!));
  return worst;
}

describe('rmsprop', () => {
  it('has the fixture this test expects (5 configurations, 5 steps, one skipped gradient)', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual([
      'default',
      'momentum 0.9',
      'centered',
      'centered, momentum 0.9',
      'alpha 0.9, eps 1e-3, momentum 0.9',
    ]);
    expect(fixture.gradients).toHaveLength(5);
    expect(fixture.gradients.flat().filter((g) => g === null)).toHaveLength(1);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('matches torch.optim.RMSprop after every step (%s) to 1e-6 relative', (_name, { options, weights }) => {
    const variables = makeVariables();
    const optimizer = rmsprop(options);
    weights.forEach((expectedStep, step) => {
      runSteps(optimizer, variables, step, step + 1);
      variables.forEach((variable, i) => {
        expect(relativeError(variable.dataSync(), expectedStep[i]!), `step ${step + 1}, variable ${i}`).toBeLessThan(1e-6);
      });
    });
    // Not vacuous: every variable moved away from its initial value.
    variables.forEach((variable, i) => expect(relativeError(variable.dataSync(), fixture.initial[i]!)).toBeGreaterThan(1e-3));
    optimizer.dispose();
    for (const variable of variables) variable.dispose();
  });

  it('names its state per slot and variable: square averages, grad averages (centered) and momentum buffers', () => {
    const variables = makeVariables();
    const cases = [
      [{}, ['square']],
      [{ momentum: 0.9 }, ['square', 'buffer']],
      [{ centered: true, momentum: 0.9 }, ['square', 'mean', 'buffer']],
    ] as const;
    for (const [options, slots] of cases) {
      const optimizer = rmsprop(options);
      expect(optimizer.state('weights')).toEqual({});
      runSteps(optimizer, variables, 0, 1);
      const state = optimizer.state('weights');
      expect(Object.keys(state).sort()).toEqual(slots.flatMap((slot) => [0, 1, 2].map((i) => `weights/${slot}/${i}`)).sort());
      expect(state['weights/square/0']!.shape).toEqual(fixture.shapes[0]);
      tf.dispose(state);
      optimizer.dispose();
    }
    for (const variable of variables) variable.dispose();
  });

  it.each([
    ['default', {}],
    ['centered, momentum 0.9', { centered: true, momentum: 0.9 }],
  ] as const)('continues identically after state → checkpoint → restore into a fresh optimizer (%s)', async (_name, options) => {
    const uninterrupted = makeVariables();
    const straight = rmsprop(options);
    runSteps(straight, uninterrupted, 0, 5);

    const resumed = makeVariables();
    const first = rmsprop(options);
    runSteps(first, resumed, 0, 2);
    const folder = mkdtempSync(join(tmpdir(), 'fbnas-rmsprop-'));
    folders.push(folder);
    const saved = first.state('weights');
    await saveNamedTensors(folder, saved, { step: 2 });
    tf.dispose(saved);
    first.dispose();

    const { tensors } = await loadNamedTensors<{ step: number }>(folder);
    const second = rmsprop(options);
    second.restore('weights', tensors);
    tf.dispose(tensors);
    runSteps(second, resumed, 2, 5);

    resumed.forEach((variable, i) => expect(Array.from(variable.dataSync())).toEqual(Array.from(uninterrupted[i]!.dataSync())));
    // And a fresh optimizer without the state does not (the state matters).
    const cold = makeVariables();
    const coldFirst = rmsprop(options);
    runSteps(coldFirst, cold, 0, 2);
    coldFirst.dispose();
    const coldSecond = rmsprop(options);
    runSteps(coldSecond, cold, 2, 5);
    expect(Array.from(cold[0]!.dataSync())).not.toEqual(Array.from(uninterrupted[0]!.dataSync()));

    for (const optimizer of [straight, second, coldSecond]) optimizer.dispose();
    tf.dispose([...uninterrupted, ...resumed, ...cold]);
  });

  it('restore replaces existing state and ignores other prefixes and names', () => {
    const variables = makeVariables();
    const source = rmsprop({ momentum: 0.9 });
    runSteps(source, variables, 0, 3);
    const target = rmsprop({ momentum: 0.9 });
    runSteps(target, variables, 0, 1);
    const before = tf.memory().numTensors;
    const saved = { ...source.state('weights'), 'architecture/square/0': tf.scalar(1), 'weights/velocity/0': tf.scalar(2) };
    target.restore('weights', saved);
    tf.dispose(saved);
    expect(tf.memory().numTensors).toBe(before);
    const restored = target.state('weights');
    const expected = source.state('weights');
    expect(Object.keys(restored).sort()).toEqual(Object.keys(expected).sort());
    for (const name of Object.keys(expected)) expect(Array.from(restored[name]!.dataSync())).toEqual(Array.from(expected[name]!.dataSync()));
    tf.dispose([restored, expected]);
    source.dispose();
    target.dispose();
    tf.dispose(variables);
  });

  it('keeps tf.memory().numTensors flat over many steps, and dispose() frees all of its state', () => {
    const variables = makeVariables();
    const gradients = fixture.gradients[0]!.map((values, i) => tf.tensor(values!, fixture.shapes[i]));
    const baseline = tf.memory().numTensors;
    const optimizer = rmsprop({ centered: true, momentum: 0.9 });
    optimizer.step(variables, gradients, 0.01);
    const afterFirst = tf.memory().numTensors;
    expect(afterFirst).toBe(baseline + 3 * variables.length); // square, mean, buffer per variable
    for (let step = 0; step < 100; step++) {
      optimizer.step(variables, gradients, 0.01);
      expect(tf.memory().numTensors).toBe(afterFirst);
    }
    tf.dispose(optimizer.state('weights'));
    expect(tf.memory().numTensors).toBe(afterFirst);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    for (const options of [{}, { momentum: 0.9 }, { centered: true }]) {
      const other = rmsprop(options);
      for (let step = 0; step < 20; step++) other.step(variables, gradients, 0.01);
      other.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
    }
    tf.dispose([...variables, ...gradients]);
  });
});
