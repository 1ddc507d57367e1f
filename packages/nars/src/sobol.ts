/**
 * Sobol low-discrepancy sequences (quasi-Monte-Carlo), FBNetV3's sampler of architecture–recipe pairs
 * (fbnet-methods §3.5). Direction numbers: Joe & Kuo's `new-joe-kuo-6.21201` (the first 1024 dimensions,
 * `sobol-direction-numbers.json`, extracted from SciPy by `fixtures/make-sobol-fixtures.py`). Points have 30
 * bits, as SciPy's default, and come in Gray-code order, so the unscrambled sequence equals
 * `scipy.stats.qmc.Sobol(d, scramble=False)` point for point (tested). Scrambling is SciPy's kind: a random
 * lower-triangular binary matrix per dimension applied to its direction numbers (linear matrix scramble) and a
 * random digital shift, drawn from `seed`; it keeps the net property (every 1-D projection of the first 2^m points
 * has exactly one point in each interval of width 2^−m) and makes the points an unbiased sample of the cube.
 */
import { assertSeed, mulberry32 } from '@fbnas/core';
import directionNumbers from './sobol-direction-numbers.json';

/** Bits per coordinate (coordinates are multiples of 2^−30). */
export const SOBOL_BITS = 30;

/** The most dimensions a sequence may have (the direction numbers embedded). */
export const SOBOL_MAX_DIMENSIONS: number = directionNumbers.dimensions;

/** Options of `createSobolSequence`. */
export interface SobolOptions {
  /** Dimensions of each point, 1 … `SOBOL_MAX_DIMENSIONS`. */
  dimensions: number;
  /** Linear matrix scramble + digital shift (default true). False gives the plain sequence, starting at 0. */
  scramble?: boolean;
  /** Seed of the scramble (any integer; default 0). */
  seed?: number;
}

/** A Sobol sequence: each call of `next` returns the next point of `[0, 1)^dimensions`. */
export interface SobolSequence {
  /** Dimensions of each point. */
  readonly dimensions: number;
  /** How many points were drawn so far. */
  readonly drawn: number;
  /** The next point. */
  next(): number[];
  /** The next `count` points. */
  take(count: number): number[][];
}

/**
 * A Sobol sequence in `dimensions` dimensions. Balance properties hold for prefixes of 2^m points, so draw powers
 * of two where it matters.
 *
 * @throws Error naming the option for dimensions outside 1 … 1024 or a non-integer seed.
 * @example
 * const sobol = createSobolSequence({ dimensions: 3, seed: 7 });
 * sobol.take(4); // four points of [0, 1)³, one in each half of every axis per pair of points
 * createSobolSequence({ dimensions: 2, scramble: false }).take(3); // [[0, 0], [0.5, 0.5], [0.75, 0.25]]
 */
export function createSobolSequence(options: SobolOptions): SobolSequence {
  const { dimensions, scramble = true, seed = 0 } = options;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS) {
    throw new Error(`createSobolSequence: options.dimensions: expected an integer in [1, ${SOBOL_MAX_DIMENSIONS}], got ${dimensions}`);
  }
  assertSeed(seed, 'createSobolSequence: options.seed');
  const directions = initialDirections(dimensions);
  const state = new Array<number>(dimensions).fill(0);
  if (scramble) {
    const random = mulberry32(seed);
    for (let d = 0; d < dimensions; d++) {
      directions[d] = scrambleDirections(directions[d]!, random);
      state[d] = randomBits(random);
    }
  }
  const scale = 2 ** -SOBOL_BITS;
  let drawn = 0;
  const next = (): number[] => {
    // Point 0 is the (shifted) origin; point i > 0 flips the direction of the lowest zero bit of i − 1 (Gray code).
    if (drawn > 0) {
      const bit = trailingOnes(drawn - 1);
      if (bit >= SOBOL_BITS) throw new Error(`Sobol sequence: more than 2^${SOBOL_BITS} points drawn`);
      for (let d = 0; d < dimensions; d++) state[d] = (state[d]! ^ directions[d]![bit]!) >>> 0;
    }
    drawn += 1;
    return state.map((value) => value * scale);
  };
  return {
    dimensions,
    get drawn() {
      return drawn;
    },
    next,
    take: (count) => Array.from({ length: count }, next),
  };
}

/** Direction integers v[d][j] (30-bit, most significant first) from the polynomials and initial numbers. */
function initialDirections(dimensions: number): number[][] {
  const rows = directionNumbers.numbers as [number, number[]][];
  return Array.from({ length: dimensions }, (_, d) => {
    const m = new Array<number>(SOBOL_BITS).fill(1);
    if (d > 0) {
      const [poly, initial] = rows[d]!;
      const degree = 31 - Math.clz32(poly);
      initial.forEach((value, j) => {
        m[j] = value;
      });
      // Bratley & Fox's recurrence: m_j = 2a₁m_{j−1} ⊕ 2²a₂m_{j−2} ⊕ … ⊕ 2^s m_{j−s} ⊕ m_{j−s}.
      for (let j = degree; j < SOBOL_BITS; j++) {
        let value = m[j - degree]!;
        for (let k = 0; k < degree; k++) {
          if ((poly >>> (degree - 1 - k)) & 1) value ^= m[j - k - 1]! * 2 ** (k + 1);
        }
        m[j] = value;
      }
    }
    return m.map((value, j) => value * 2 ** (SOBOL_BITS - 1 - j));
  });
}

/** Linear matrix scramble: digit k (from the most significant) of each direction becomes digit k ⊕ Σ_{i<k} L_ki·digit i. */
function scrambleDirections(columns: number[], random: () => number): number[] {
  const lower: number[] = []; // row k of L as a bit mask over digits i < k (digit i = bit SOBOL_BITS − 1 − i)
  for (let k = 0; k < SOBOL_BITS; k++) {
    let mask = 0;
    for (let i = 0; i < k; i++) if (random() < 0.5) mask |= 1 << (SOBOL_BITS - 1 - i);
    lower.push(mask | (1 << (SOBOL_BITS - 1 - k)));
  }
  return columns.map((column) => {
    let out = 0;
    for (let k = 0; k < SOBOL_BITS; k++) {
      if (parity(lower[k]! & column)) out |= 1 << (SOBOL_BITS - 1 - k);
    }
    return out >>> 0;
  });
}

function randomBits(random: () => number): number {
  return Math.floor(random() * 2 ** SOBOL_BITS);
}

function parity(value: number): number {
  let v = value >>> 0;
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

function trailingOnes(value: number): number {
  let count = 0;
  while ((value >>> count) & 1) count += 1;
  return count;
}
