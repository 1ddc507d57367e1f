import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNativeModule } from './native-module';
import { NATIVE_SOURCE_SHA256 } from './native-wasm.generated';

describe('native module', () => {
  it('was built from the committed C source (run tools/build-native.sh after editing it)', () => {
    const source = readFileSync(fileURLToPath(new URL('../../native/kernels.c', import.meta.url)));
    expect(createHash('sha256').update(source).digest('hex')).toBe(NATIVE_SOURCE_SHA256);
  });

  it('computes a batch-norm forward that matches a hand formula', () => {
    const native = loadNativeModule();
    const P = 3, C = 2;
    const x = new Float32Array([1, 10, 2, 20, 6, 60]);
    const gamma = new Float32Array([2, 1]);
    const beta = new Float32Array([0.5, -1]);
    const [, , , y, mean, variance] = native.call(
      'batch_norm_forward', [x, gamma, beta, P * C, C, C, C, C], [P, C, 1e-5],
    ).map((v) => Array.from(v));
    expect(mean![0]).toBeCloseTo(3, 6);
    expect(mean![1]).toBeCloseTo(30, 4);
    const var0 = ((1 - 3) ** 2 + (2 - 3) ** 2 + (6 - 3) ** 2) / 3;
    expect(variance![0]).toBeCloseTo(var0, 5);
    expect(y![0]).toBeCloseTo((2 * (1 - 3)) / Math.sqrt(var0 + 1e-5) + 0.5, 5);
  });

  it('grows its memory for large operands', () => {
    const native = loadNativeModule();
    const big = new Float32Array(1 << 20).fill(1);
    const [, , , y] = native.call('batch_norm_forward',
      [big, new Float32Array([1]), new Float32Array([0]), big.length, 1, 1, 1, 1], [big.length, 1, 1e-5]);
    expect(y![123]).toBe(0);
    expect(native.memoryBytes()).toBeGreaterThan(8 << 20);
  });
});
