/**
 * Access to the tfjs `wasm` backend's heap for fbnas's kernels. Uses two methods of tfjs 4.22's `BackendWasm`
 * (`typedArrayFromHeap`, `makeOutput`); the package pins tfjs 4.22.0 for that reason.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs 4.22's `BackendWasm` the kernels use. */
export interface WasmHeapBackend {
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
}

/** A zero-copy float32 view of `info`'s data on the wasm heap; valid until the heap next grows. */
export function heapView(backend: WasmHeapBackend, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Allocates a float32 output of `shape` on the wasm heap and copies `data` into it. */
export function outputFrom(backend: WasmHeapBackend, shape: number[], data: Float32Array): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).set(data);
  return out;
}
