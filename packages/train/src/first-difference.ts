import { childPath, isPlainObject } from '@fbnas/core';

/** Where two JSON-like values first differ: the dotted path (`inputs.data.spec`, `search.loss.beta`, `x[2]`). */
export interface Difference {
  /** Dotted path of the first differing field; `(root)` when the values themselves differ. */
  path: string;
  /** The value in `saved` there (`undefined` when absent). */
  saved: unknown;
  /** The value in `given` there (`undefined` when absent). */
  given: unknown;
}

/**
 * The first field where `saved` and `given` differ, or null when they are equal, walking objects key by key
 * (`saved`'s keys in their order, then keys only `given` has) and arrays index by index. A key whose value is
 * `undefined` counts as absent; numbers compare with `Object.is` except that 0 and −0 are equal. Pure.
 *
 * @example
 * firstDifference({ data: { spec: 'embedded', count: 10 } }, { data: { spec: 'fashion-mnist', count: 10 } });
 * // { path: 'data.spec', saved: 'embedded', given: 'fashion-mnist' }
 */
export function firstDifference(saved: unknown, given: unknown): Difference | null {
  return differenceAt('', saved, given);
}

function differenceAt(path: string, saved: unknown, given: unknown): Difference | null {
  const here = (): Difference => ({ path: path === '' ? '(root)' : path, saved, given });
  if (isPlainObject(saved) && isPlainObject(given)) {
    const keys = [...Object.keys(saved), ...Object.keys(given).filter((key) => !(key in saved))];
    for (const key of keys) {
      const difference = differenceAt(childPath(path, key), saved[key], given[key]);
      if (difference) return difference;
    }
    return null;
  }
  if (Array.isArray(saved) && Array.isArray(given)) {
    for (let index = 0; index < Math.max(saved.length, given.length); index++) {
      const difference = differenceAt(`${path}[${index}]`, saved[index], given[index]);
      if (difference) return difference;
    }
    return null;
  }
  if (isPlainObject(saved) || isPlainObject(given) || Array.isArray(saved) || Array.isArray(given)) return here();
  return saved === given || Object.is(saved, given) ? null : here();
}
