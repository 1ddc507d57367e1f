import { TorchCheckpointError } from '../errors';
import { GlobalReference } from '../globals/safe-global';
import { NumpyDtype } from '../globals/numpy-dtype';
import { isPythonObject, isTorchTensor, type TorchValue } from '../torch-value';
import { StorageView } from './storage-record';

function reject(value: unknown): string | undefined {
  if (value instanceof GlobalReference) return `the Python global '${value.name}' itself (not a call of it)`;
  if (value instanceof StorageView) return `a bare storage of storage '${value.record.key}' (not inside a tensor)`;
  if (value instanceof NumpyDtype) return `a numpy dtype object ('${value.descriptor}')`;
  return undefined;
}

/**
 * Checks that a decoded pickle holds only public {@link TorchValue}s, walking containers iteratively (pickles
 * may be deep or cyclic), and returns it typed as such.
 *
 * @throws TorchCheckpointError naming the first unsupported value met.
 */
export function checkTorchValue(root: unknown, source: string): TorchValue {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const rejected = reject(value);
    if (rejected !== undefined) throw new TorchCheckpointError(source, `unsupported value in the checkpoint: ${rejected}`);
    if (Array.isArray(value)) for (const item of value) pending.push(item);
    else if (value instanceof Map) for (const item of value.values()) pending.push(item);
    else if (isPythonObject(value)) for (const item of value.fields.values()) pending.push(item);
    else if (!(value instanceof Set || value instanceof Uint8Array || isTorchTensor(value))) {
      throw new TorchCheckpointError(source, `unsupported value in the checkpoint: ${String(value)}`);
    }
  }
  return root as TorchValue;
}
