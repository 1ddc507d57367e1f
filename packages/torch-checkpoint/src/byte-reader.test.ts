import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader';

describe('ByteReader', () => {
  it('reads little-endian integers, big-endian doubles and lines', () => {
    const reader = new ByteReader(Uint8Array.of(1, 2, 0, 0xff, 0xff, 0xff, 0xff, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x0a, 9), 'a.pth');
    expect(reader.uint8('x')).toBe(1);
    expect(reader.uint16('x')).toBe(2);
    expect(reader.int32('x')).toBe(-1);
    expect(reader.float64BigEndian('x')).toBe(2);
    expect(new TextDecoder().decode(reader.line('x'))).toBe('a');
    expect(reader.remaining).toBe(1);
  });

  it('reports truncation with the file, the entry, the byte and what was being read', () => {
    const reader = new ByteReader(Uint8Array.of(1, 2, 3), 'a.pth', 'archive/data.pkl');
    reader.uint8('x');
    expect(() => reader.uint32('a string length')).toThrow(
      "a.pth: truncated at byte 3 of 'archive/data.pkl' while reading a string length (needed 4 bytes at byte 1, 2 left)",
    );
    expect(() => reader.line('a GLOBAL name')).toThrow(/truncated at byte 3 of 'archive\/data.pkl' while reading a GLOBAL name/);
  });

  it('refuses 64-bit values beyond 2^53', () => {
    const reader = new ByteReader(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x80), 'a.pth');
    expect(() => reader.uint64('a size')).toThrow(/a size is too large \(9223372036854775808\)/);
  });
});
