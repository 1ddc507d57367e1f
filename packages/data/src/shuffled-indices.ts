import { assertSeed, mulberry32 } from '@fbnas/core';

/**
 * A random permutation of `0 … count − 1` (Fisher–Yates with mulberry32): the same `(count, seed)` always
 * gives the same order.
 *
 * @example
 * shuffledIndices(5, 1); // Uint32Array [4, 2, 1, 0, 3], on every run and machine
 */
export function shuffledIndices(count: number, seed: number): Uint32Array {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`shuffledIndices: count: expected a non-negative integer, got ${count}`);
  }
  assertSeed(seed, 'shuffledIndices: seed');
  const random = mulberry32(seed);
  const indices = new Uint32Array(count);
  for (let index = 0; index < count; index += 1) indices[index] = index;
  for (let index = count - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const value = indices[index] ?? 0;
    indices[index] = indices[other] ?? 0;
    indices[other] = value;
  }
  return indices;
}
