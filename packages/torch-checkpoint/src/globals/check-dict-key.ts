import { InvalidValueError } from '../invalid-value-error';
import type { TorchDictKey } from '../torch-value';
import { describeValue } from './expect-arguments';

/**
 * Checks that a value can key a JS `Map` the way it keyed a Python dict or set: str, int, float, bool or None.
 * @throws InvalidValueError for tuples and other composite keys (not supported).
 */
export function checkDictKey(key: unknown): TorchDictKey {
  const type = typeof key;
  if (key === null || type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean') {
    return key as TorchDictKey;
  }
  throw new InvalidValueError(`unsupported dict or set key: ${describeValue(key)} (str, int, float, bool or None only)`);
}
