import { describe, expect, it } from 'vitest';
import { bfloat16BytesToFloat32, float16BitsToNumber, float16BytesToFloat32 } from './half-precision';

describe('half precision', () => {
  it('decodes float16 zeros, normals, subnormals, extremes and specials', () => {
    expect(Object.is(float16BitsToNumber(0x8000), -0)).toBe(true);
    expect(float16BitsToNumber(0x3c00)).toBe(1);
    expect(float16BitsToNumber(0xc000)).toBe(-2);
    expect(float16BitsToNumber(0x7bff)).toBe(65504);
    expect(float16BitsToNumber(0x0001)).toBe(2 ** -24);
    expect(float16BitsToNumber(0x0400)).toBe(2 ** -14);
    expect(float16BitsToNumber(0x3555)).toBe(0.333251953125);
    expect(float16BitsToNumber(0xfc00)).toBe(-Infinity);
    expect(float16BitsToNumber(0x7e00)).toBeNaN();
  });

  it('is exact in float32 and strictly increasing over all finite positive float16s', () => {
    let previous = -1;
    for (let bits = 0; bits < 0x7c00; bits++) {
      const value = float16BitsToNumber(bits);
      expect(Math.fround(value)).toBe(value);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
  });

  it('widens little-endian byte arrays', () => {
    expect(float16BytesToFloat32(Uint8Array.of(0x00, 0x3c, 0x00, 0xc0))).toEqual(Float32Array.of(1, -2));
    expect(bfloat16BytesToFloat32(Uint8Array.of(0x80, 0x3f, 0x40, 0xc0, 0x80, 0xff))).toEqual(Float32Array.of(1, -3, -Infinity));
  });
});
