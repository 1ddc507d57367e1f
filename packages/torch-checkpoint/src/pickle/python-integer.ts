/**
 * A Python int as a JS value: a number when it is a safe integer (|n| ≤ 2^53 − 1), else a bigint.
 */
export function pythonInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * Decodes the little-endian two's-complement bytes of pickle's LONG1/LONG4 opcodes (empty means 0).
 * @example
 * decodeLong(Uint8Array.of(0xff, 0x00)); // 255
 */
export function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[index]!);
  if (bytes[bytes.length - 1]! & 0x80) value -= 1n << BigInt(8 * bytes.length);
  return pythonInteger(value);
}
