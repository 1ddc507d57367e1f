/**
 * Rewrites the wasm backend's out-of-memory failures (`Aborted()`, `memory access out of bounds`: its heap is
 * capped at 4 GiB) into an error that says what happened and what to do; other errors pass through unchanged.
 *
 * @example
 * try { step(); } catch (error) { throw explainWasmMemoryError(error, 'fbnetv2 supernet, batch 2', 'wasm'); }
 */
export function explainWasmMemoryError(error: unknown, what: string, backend: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (backend !== 'wasm' || !/Aborted\(\)|memory access out of bounds|Out of memory/i.test(message)) return error;
  return new Error(
    `${what}: the wasm backend ran out of memory (its heap is capped at 4 GiB; tfjs said: ${message.split('\n')[0]}). ` +
      'Use a smaller --batch-size, a smaller space, or a native backend (@tensorflow/tfjs-node or -node-gpu, FBNAS_BACKEND=tensorflow).',
  );
}
