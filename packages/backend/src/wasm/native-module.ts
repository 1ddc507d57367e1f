/**
 * Loader for fbnas's native wasm training kernels (packages/backend/native/kernels.c), and the copy-in/copy-out
 * calling convention. The module has its own linear memory: each call lays its operands out one after another
 * from `__heap_base`, growing the memory when needed, and copies them in from (and results out to) the
 * tfjs wasm heap. The memory is reused across calls and never shrinks, like the tfjs wasm heap itself.
 */
import { NATIVE_WASM_BASE64 } from './native-wasm.generated';

/** Names of the functions the native module exports. */
export type NativeFunctionName =
  | 'depthwise_backprop_filter'
  | 'depthwise_backprop_input'
  | 'conv2d_backprop_filter'
  | 'batch_norm_forward'
  | 'batch_norm_backward'
  | 'channel_sums_f64'
  | 'channel_squared_deviations_f64'
  | 'batch_norm_apply'
  | 'batch_norm_backward_sums_f64'
  | 'batch_norm_backward_apply';

/** One operand of a native call: data copied in, or a size (in float32 elements) to allocate for an output. */
export type NativeOperand = Float32Array | number;

/** A loaded native module. */
export interface NativeModule {
  /**
   * Calls `name` with one pointer per operand (inputs copied in; numbers allocate zeroed-out-by-callee
   * outputs or scratch), then the integer/float `scalars`. Returns views of every operand in the module's
   * memory; the views are valid until the next call.
   */
  call(name: NativeFunctionName, operands: readonly NativeOperand[], scalars: readonly number[]): Float32Array[];
  /** Bytes of linear memory the module holds now. */
  memoryBytes(): number;
}

/** The slice of the WebAssembly JS API used here (TypeScript's ES2022 lib does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

let cached: NativeModule | undefined;

/** Loads (once per process) and returns the native kernel module. Synchronous; about 15 KB of wasm. */
export function loadNativeModule(): NativeModule {
  if (cached) return cached;
  const bytes = Buffer.from(NATIVE_WASM_BASE64, 'base64');
  const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const { exports } = new wasmApi.Instance(new wasmApi.Module(bytes), {});
  const memory = exports.memory as WasmMemory;
  const heapBase = (exports.__heap_base as { value: number }).value;
  const pageBytes = 65536;

  cached = {
    call(name, operands, scalars) {
      const fn = exports[name] as ((...args: number[]) => void) | undefined;
      if (typeof fn !== 'function') throw new Error(`@fbnas/backend: native function '${name}' is missing`);
      const offsets: number[] = [];
      let end = align16(heapBase);
      for (const operand of operands) {
        offsets.push(end);
        const elements = typeof operand === 'number' ? operand : operand.length;
        end = align16(end + elements * 4);
      }
      if (end > memory.buffer.byteLength) {
        memory.grow(Math.ceil((end - memory.buffer.byteLength) / pageBytes));
      }
      const views = operands.map((operand, i) => {
        const elements = typeof operand === 'number' ? operand : operand.length;
        const view = new Float32Array(memory.buffer, offsets[i], elements);
        if (typeof operand !== 'number') view.set(operand);
        return view;
      });
      fn(...offsets, ...scalars);
      return views;
    },
    memoryBytes: () => memory.buffer.byteLength,
  };
  return cached;
}

function align16(n: number): number {
  return (n + 15) & ~15;
}
