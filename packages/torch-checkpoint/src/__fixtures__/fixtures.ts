// Test support: the committed fixtures written by fixtures/make-fixtures.py and PyTorch's expected values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { isTorchTensor, type TorchTensor, type TorchValue } from '../torch-value';

/** One tensor as PyTorch described it: dtype, shape, layout and row-major values. */
export interface ExpectedTensor {
  dtype: string;
  shape: number[];
  stride: number[];
  storageOffset: number;
  contiguous: boolean;
  /** Numbers; int64 as decimal strings; non-finite floats as 'NaN' / 'Infinity' / '-Infinity'. */
  values: Array<number | string | boolean>;
}

/** The contents of expected.json. */
export interface ExpectedValues {
  torchVersion: string;
  marker: string;
  tinyStateDict: Record<string, ExpectedTensor>;
  tensorZoo: Record<string, ExpectedTensor>;
  trainingCheckpoint: {
    epoch: number;
    arch: string;
    args: Record<string, unknown>;
    bestAccuracy: number;
    bestEpoch: number;
    learningRateScale: number;
    stateDict: Record<string, ExpectedTensor>;
    modelEma: Record<string, ExpectedTensor>;
  };
}

/** The absolute path of a fixture. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** A fixture's bytes (a Node Buffer, as `readFile` gives). */
export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(fixturePath(name));
}

/** PyTorch's own numbers for the fixtures. */
export function expectedValues(): ExpectedValues {
  return JSON.parse(readFileSync(fixturePath('expected.json'), 'utf8')) as ExpectedValues;
}

function decodeExpected(expected: ExpectedTensor): Array<number | bigint> {
  return expected.values.map((value) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'number') return value;
    if (expected.dtype === 'int64') return BigInt(value);
    return Number(value);
  });
}

/** Asserts that a decoded tensor has exactly PyTorch's dtype, shape and values (NaN and -0 included). */
export function expectTensor(actual: TorchValue | undefined, expected: ExpectedTensor, name: string): void {
  expect(isTorchTensor(actual), `${name} is a tensor`).toBe(true);
  const tensor = actual as TorchTensor;
  expect(tensor.dtype, `${name} dtype`).toBe(expected.dtype);
  expect(tensor.shape, `${name} shape`).toEqual(expected.shape);
  expect(Array.from(tensor.data as ArrayLike<number | bigint>), `${name} values`).toEqual(decodeExpected(expected));
}

/** Asserts that a decoded dict holds exactly the expected tensors, in PyTorch's order. */
export function expectTensorDict(actual: TorchValue | undefined, expected: Record<string, ExpectedTensor>): void {
  expect(actual).toBeInstanceOf(Map);
  const dict = actual as Map<string, TorchValue>;
  expect([...dict.keys()]).toEqual(Object.keys(expected));
  for (const [name, tensor] of Object.entries(expected)) expectTensor(dict.get(name), tensor, name);
}
