import { FormatError } from './format-error';
import type { JsonObject } from './json-value';
import type { OpSpec } from './op-spec';
import { createRegistry, type Registry } from './registry';

/** A registry of op specs (canonical names; aliases are looked up with `resolveOpName`). */
export type OpSpecRegistry = Registry<OpSpec>;

/** An op name as written in an architecture, resolved to its spec. */
export interface ResolvedOpName {
  /** The canonical op. */
  spec: OpSpec;
  /** Arguments fixed by the alias (`{}` for a canonical name). */
  fixedArgs: JsonObject;
  /** The alias used, or null when the name was canonical. */
  alias: string | null;
}

const aliasTables = new WeakMap<OpSpecRegistry, Map<string, ResolvedOpName>>();

/**
 * Creates an op spec registry and checks that no alias collides with another alias or a canonical name.
 *
 * @throws Error on a duplicate op name or a colliding alias.
 * @example
 * const ops = createOpSpecRegistry([convSpec, invertedResidualSpec]);
 * resolveOpName(ops, 'ir_k5_hs'); // { spec: invertedResidualSpec, fixedArgs: { kernel: 5, ... }, alias: 'ir_k5_hs' }
 */
export function createOpSpecRegistry(specs: readonly OpSpec[]): OpSpecRegistry {
  const registry = createRegistry(specs, 'op');
  aliasTable(registry);
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

function aliasTable(registry: OpSpecRegistry): Map<string, ResolvedOpName> {
  const cached = aliasTables.get(registry);
  if (cached) return cached;
  const table = new Map<string, ResolvedOpName>();
  for (const spec of registry.list()) table.set(spec.name, { spec, fixedArgs: {}, alias: null });
  for (const spec of registry.list()) {
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
  aliasTables.set(registry, table);
  return table;
}
