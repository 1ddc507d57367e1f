import { describe, expect, it } from 'vitest';
import { makeDivisible } from './make-divisible';

/** Spec §3.3: [in, expansion, mid, SE width or null] for every distinct case in the FBNetV2 models. */
const SPEC_TABLE: ReadonlyArray<readonly [number, number, number, number | null]> = [
  [8, 1, 8, null],
  [8, 5.4566, 48, null],
  [16, 1, 16, null],
  [16, 5.4566, 88, null],
  [24, 1.7912, 48, null],
  [24, 4.7912, 112, null],
  [24, 5.3501, 128, 32],
  [24, 5.7133, 136, null],
  [32, 3.5379, 112, 32],
  [32, 4.5379, 144, 40],
  [32, 5.7133, 184, null],
  [40, 3.5379, 144, 40],
  [56, 4.1212, 232, null],
  [56, 5.1246, 288, 72],
  [64, 2.1212, 136, null],
  [64, 3.1246, 200, null],
  [64, 5.0333, 320, null],
  [80, 1.7712, 144, 40],
  [80, 4.507, 360, 88],
  [80, 4.5685, 368, 96],
  [104, 1.7712, 184, 48],
  [104, 2.507, 264, 64],
  [104, 3.7712, 392, 96],
  [112, 1.7712, 200, 48],
  [112, 2.507, 280, 72],
  [112, 2.7712, 312, 80],
  [112, 3.7712, 424, 104],
  [112, 5.5685, 624, 160],
  [144, 5.84, 840, 208],
  [144, 6.8754, 992, 248],
  [184, 2.84, 520, 128],
  [184, 4.8754, 896, 224],
  [224, 6, 1344, null],
];

describe('makeDivisible', () => {
  it.each(SPEC_TABLE)('in %d × e %d → mid %d, SE %s (spec §3.3)', (inChannels, expansion, mid, seWidth) => {
    expect(makeDivisible(inChannels * expansion, 8)).toBe(mid);
    if (seWidth !== null) expect(makeDivisible(Math.floor(mid * 0.25), 8)).toBe(seWidth);
  });

  it('does not truncate the product before rounding (24 × 1.7912 = 42.9888 → 48, 42 → 40)', () => {
    expect(makeDivisible(24 * 1.7912, 8)).toBe(48);
    expect(makeDivisible(42, 8)).toBe(40);
  });

  it('rounds ties away from zero (36/8 = 4.5 → 40, 28/8 = 3.5 → 32, 92/8 = 11.5 → 96, 156/8 = 19.5 → 160)', () => {
    expect([36, 28, 92, 156].map((value) => makeDivisible(value, 8))).toEqual([40, 32, 96, 160]);
  });

  it('applies the 5 % guard (43.6528 → 40 is too small → 48)', () => {
    expect(makeDivisible(43.6528, 8)).toBe(48);
    expect(makeDivisible(10, 8)).toBe(16); // 8 < 9.5
  });

  it('never returns less than the divisor', () => {
    expect(makeDivisible(0, 8)).toBe(8);
    expect(makeDivisible(3, 8)).toBe(8);
    expect(makeDivisible(-5, 8)).toBe(8);
  });

  it('with divisor 1 rounds to the nearest integer (identity on integers)', () => {
    expect(makeDivisible(1104, 1)).toBe(1104);
    expect(makeDivisible(42.5, 1)).toBe(43);
    expect(makeDivisible(42.4, 1)).toBe(42);
  });

  it('rejects a non-integer divisor and a non-finite value', () => {
    expect(() => makeDivisible(10, 0)).toThrow(/positive integer divisor, got 0/);
    expect(() => makeDivisible(10, 2.5)).toThrow(/positive integer divisor/);
    expect(() => makeDivisible(Number.NaN, 8)).toThrow(/finite value/);
  });
});
