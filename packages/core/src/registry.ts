/**
 * Immutable name-keyed registries. fbnas never registers anything on import: a registry is a value created
 * from an explicit list, passed to the functions that need it, and extended into a new registry.
 */

/** An immutable collection of named items (op specs, search spaces, ...). */
export interface Registry<T extends { name: string }> {
  /** What the items are, for messages: `op`, `model`, ... */
  readonly kind: string;
  /**
   * The item called `name`.
   *
   * @throws Error listing the known names when there is none.
   */
  get(name: string): T;
  /** True when an item is called `name`. */
  has(name: string): boolean;
  /** The items, in insertion order. */
  list(): readonly T[];
  /** The names, in insertion order. */
  names(): readonly string[];
  /**
   * A new registry holding these items followed by `items`; this one is unchanged.
   *
   * @throws Error when a name is already taken.
   */
  extend(items: readonly T[]): Registry<T>;
}

/**
 * Creates an immutable registry from `items`.
 *
 * @param items - the items; names must be unique non-empty strings.
 * @param kind - what the items are, used in error messages (`unknown op 'x'; known ops: ...`).
 * @throws Error when two items share a name.
 * @example
 * const ops = createRegistry([convSpec, skipSpec], 'op');
 * ops.get('skip');
 * const more = ops.extend([myOpSpec]); // `ops` is unchanged
 */
export function createRegistry<T extends { name: string }>(items: readonly T[], kind: string): Registry<T> {
  const byName = new Map<string, T>();
  for (const item of items) {
    if (typeof item.name !== 'string' || item.name === '') {
      throw new Error(`${kind} registry: expected every item to have a non-empty string name, got ${String(item.name)}`);
    }
    if (byName.has(item.name)) throw new Error(`${kind} registry: duplicate ${kind} name '${item.name}'`);
    byName.set(item.name, item);
  }
  const ordered = Object.freeze([...byName.values()]);
  const names = Object.freeze([...byName.keys()]);
  const registry: Registry<T> = {
    kind,
    get(name) {
      const item = byName.get(name);
      if (item === undefined) {
        throw new Error(`unknown ${kind} '${name}'; known ${kind}s: ${names.join(', ') || '(none)'}`);
      }
      return item;
    },
    has: (name) => byName.has(name),
    list: () => ordered,
    names: () => names,
    extend: (more) => createRegistry([...ordered, ...more], kind),
  };
  return Object.freeze(registry);
}
