/**
 * Makes a Python tuple: a frozen array, so that tuples and lists (plain arrays) stay distinguishable and a
 * pickle cannot APPEND to a tuple.
 */
export function makeTuple<T>(items: T[]): readonly T[] {
  return Object.freeze(items);
}

/** Whether a decoded value is a Python tuple (a frozen array). */
export function isTuple(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && Object.isFrozen(value);
}
