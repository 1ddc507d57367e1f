import { describe, expect, it } from 'vitest';
import { toFloat32Array } from './to-float32-array';
import type { TorchTensor, TorchTensorData } from './torch-value';

const tensor = (dtype: TorchTensor['dtype'], data: TorchTensorData): TorchTensor => ({ kind: 'tensor', dtype, shape: [data.length], data, requiresGrad: false });

describe('toFloat32Array', () => {
  it('returns float32 data itself and converts every other dtype', () => {
    const data = Float32Array.of(1.5);
    expect(toFloat32Array(tensor('float32', data))).toBe(data);
    expect(toFloat32Array(tensor('float64', Float64Array.of(0.1)))).toEqual(Float32Array.of(0.1));
    expect(toFloat32Array(tensor('int64', BigInt64Array.of(-3n, 5n)))).toEqual(Float32Array.of(-3, 5));
    expect(toFloat32Array(tensor('int32', Int32Array.of(-7)))).toEqual(Float32Array.of(-7));
    expect(toFloat32Array(tensor('bool', Uint8Array.of(1, 0)))).toEqual(Float32Array.of(1, 0));
  });
});
