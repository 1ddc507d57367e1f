import { describe, expect, it } from 'vitest';
import { explainWasmMemoryError } from './wasm-memory-error';

describe('explainWasmMemoryError', () => {
  it('explains the wasm heap limit and what to do, naming the job', () => {
    const explained = explainWasmMemoryError(new Error('Aborted(). Build with -sASSERTIONS for more info.'), 'fbnas search --space fbnetv2', 'wasm') as Error;
    expect(explained.message).toMatch(/^fbnas search --space fbnetv2: the wasm backend ran out of memory \(its heap is capped at 4 GiB; tfjs said: Aborted\(\)/);
    expect(explained.message).toMatch(/--batch-size.*FBNAS_BACKEND=tensorflow/);
    expect((explainWasmMemoryError(new RangeError('memory access out of bounds'), 'x', 'wasm') as Error).message).toMatch(/ran out of memory/);
  });

  it('passes other errors, and errors of other backends, through unchanged', () => {
    const other = new Error('stages[1]: bad');
    expect(explainWasmMemoryError(other, 'x', 'wasm')).toBe(other);
    const native = new Error('Aborted()');
    expect(explainWasmMemoryError(native, 'x', 'tensorflow')).toBe(native);
  });
});
