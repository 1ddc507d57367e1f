import { describe, expect, it } from 'vitest';
import { decodeLong, pythonInteger } from './python-integer';

describe('Python integers', () => {
  it('decodes two’s-complement little-endian LONG bytes', () => {
    expect(decodeLong(new Uint8Array(0))).toBe(0);
    expect(decodeLong(Uint8Array.of(0xff, 0x00))).toBe(255);
    expect(decodeLong(Uint8Array.of(0x00, 0x80))).toBe(-32768);
    expect(decodeLong(Uint8Array.of(0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19))).toBe(0x1950a86a20f9469cfc6cn);
  });

  it('uses numbers inside ±(2^53 − 1) and bigints beyond', () => {
    expect(pythonInteger(2n ** 53n - 1n)).toBe(2 ** 53 - 1);
    expect(pythonInteger(2n ** 53n)).toBe(2n ** 53n);
    expect(pythonInteger(-(2n ** 53n))).toBe(-(2n ** 53n));
  });
});
