import { InvalidValueError } from '../invalid-value-error';

/**
 * Checks the argument count of an allow-listed callable.
 * @throws InvalidValueError naming the callable and the expected count.
 */
export function expectArgumentCount(name: string, args: readonly unknown[], minimum: number, maximum = minimum): void {
  if (args.length < minimum || args.length > maximum) {
    const expected = minimum === maximum ? `${minimum}` : `${minimum} to ${maximum}`;
    throw new InvalidValueError(`${name} expects ${expected} arguments, got ${args.length}`);
  }
}

/** A short description of a decoded value's type for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return Object.isFrozen(value) ? `a tuple of ${value.length}` : `a list of ${value.length}`;
  if (value instanceof Map) return 'a dict';
  if (value instanceof Set) return 'a set';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') {
    const kind = (value as { kind?: unknown; name?: unknown }).kind;
    if (typeof kind === 'string') return `a ${kind}`;
    return `a ${value.constructor?.name ?? 'object'}`;
  }
  return `${typeof value} ${String(value)}`;
}
