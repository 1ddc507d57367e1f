/**
 * The value of an IEEE 754 binary16 (`float16`) bit pattern, exactly (every float16 is a float32).
 * @example
 * float16BitsToNumber(0x3c00); // 1
 */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** Widens little-endian float16 bytes to float32, exactly. */
export function float16BytesToFloat32(bytes: Uint8Array): Float32Array {
  const count = bytes.length >> 1;
  const result = new Float32Array(count);
  for (let index = 0; index < count; index++) {
    result[index] = float16BitsToNumber(bytes[2 * index]! | (bytes[2 * index + 1]! << 8));
  }
  return result;
}

/** Widens little-endian bfloat16 bytes to float32 (a bfloat16 is the top half of a float32), exactly. */
export function bfloat16BytesToFloat32(bytes: Uint8Array): Float32Array {
  const count = bytes.length >> 1;
  const bits = new Uint32Array(count);
  for (let index = 0; index < count; index++) {
    bits[index] = ((bytes[2 * index]! | (bytes[2 * index + 1]! << 8)) << 16) >>> 0;
  }
  return new Float32Array(bits.buffer);
}
