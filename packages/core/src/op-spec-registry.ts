import { FormatError } from './format-error';
import type { JsonObject } from './json-value';
import type { OpSpec } from './op-spec';
import { createRegistry, type Registry } from './registry';

/**
 * A registry of op specs. `has` knows every name an architecture may use (canonical names and aliases); `get`,
 * `list` and `names` are about canonical specs only, and `resolveOpName` turns an alias into its spec and fixed
 * arguments. Create one with `createOpSpecRegistry`; `extend` returns an op registry again.
 */
export interface OpSpecRegistry extends Registry<OpSpec> {
  /**
   * The spec of the canonical op called `name`.
   *
   * @throws Error when `name` is an alias (naming its op and pointing to `resolveOpName`) or unknown (listing the
   *   known ops).
   */
  get(name: string): OpSpec;
  /** True when `name` is a canonical op name or an alias (any name an architecture may use). */
  has(name: string): boolean;
  /**
   * A new op registry holding these specs followed by `specs`; this one is unchanged.
   *
   * @throws Error on a duplicate op name or an alias colliding with an op or another alias.
   */
  extend(specs: readonly OpSpec[]): OpSpecRegistry;
}

/** An op name as written in an architecture, resolved to its spec. */
export interface ResolvedOpName {
  /** The canonical op. */
  spec: OpSpec;
  /** Arguments fixed by the alias (`{}` for a canonical name). */
  fixedArgs: JsonObject;
  /** The alias used, or null when the name was canonical. */
  alias: string | null;
}

/** Alias tables of registries made elsewhere (`createRegistry(specs, 'op')`), built on first use. */
const aliasTables = new WeakMap<Registry<OpSpec>, Map<string, ResolvedOpName>>();

/**
 * Creates an op spec registry and checks that no alias collides with another alias or a canonical name.
 *
 * @throws Error on a duplicate op name or a colliding alias.
 * @example
 * const ops = createOpSpecRegistry([convSpec, invertedResidualSpec]);
 * ops.has('ir_k5_hs'); // true: an alias
 * resolveOpName(ops, 'ir_k5_hs'); // { spec: invertedResidualSpec, fixedArgs: { kernel: 5, ... }, alias: 'ir_k5_hs' }
 * ops.get('ir'); // invertedResidualSpec (get takes canonical names only)
 */
export function createOpSpecRegistry(specs: readonly OpSpec[]): OpSpecRegistry {
  const canonical = createRegistry(specs, 'op');
  const table = buildAliasTable(canonical.list());
  const registry: OpSpecRegistry = {
    kind: canonical.kind,
    get(name) {
      const resolved = table.get(name);
      if (resolved !== undefined && resolved.alias !== null) {
        throw new Error(
          `'${name}' is an alias of op '${resolved.spec.name}' (fixed arguments ${JSON.stringify(resolved.fixedArgs)}); ` +
            `get() takes canonical op names: use resolveOpName(registry, '${name}') for the spec and its fixed arguments`,
        );
      }
      return canonical.get(name);
    },
    has: (name) => table.has(name),
    list: () => canonical.list(),
    names: () => canonical.names(),
    extend: (more) => createOpSpecRegistry([...canonical.list(), ...more]),
  };
  Object.freeze(registry);
  aliasTables.set(registry, table);
  return registry;
}

/**
 * Every name an architecture may use with this registry: canonical names, then aliases, in registry order.
 *
 * @example
 * opNames(ops); // ['conv', 'conv_k3', 'conv_k3_hs', 'conv_k1', 'ir', 'ir_k3', ...]
 */
export function opNames(registry: OpSpecRegistry): string[] {
  return registry.list().flatMap((spec) => [spec.name, ...spec.aliases.map((alias) => alias.name)]);
}

/**
 * Resolves a canonical op name or an alias.
 *
 * @param path - JSON path of the name, for the error (default `op`).
 * @throws FormatError listing every known name when `name` is unknown.
 */
export function resolveOpName(registry: OpSpecRegistry, name: string, path = 'op'): ResolvedOpName {
  const resolved = aliasTable(registry).get(name);
  if (resolved === undefined) {
    throw new FormatError(path, `unknown op '${name}'; expected one of ${opNames(registry).join(', ')}`);
  }
  return resolved;
}

function aliasTable(registry: Registry<OpSpec>): Map<string, ResolvedOpName> {
  const cached = aliasTables.get(registry);
  if (cached) return cached;
  const table = buildAliasTable(registry.list());
  aliasTables.set(registry, table);
  return table;
}

function buildAliasTable(specs: readonly OpSpec[]): Map<string, ResolvedOpName> {
  const table = new Map<string, ResolvedOpName>();
  for (const spec of specs) table.set(spec.name, { spec, fixedArgs: {}, alias: null });
  for (const spec of specs) {
    for (const alias of spec.aliases) {
      const taken = table.get(alias.name);
      if (taken) {
        throw new Error(
          `op registry: alias '${alias.name}' of op '${spec.name}' collides with ${
            taken.alias === null ? 'the op' : `an alias of op`
          } '${taken.spec.name}'`,
        );
      }
      table.set(alias.name, { spec, fixedArgs: alias.args, alias: alias.name });
    }
  }
  return table;
}
