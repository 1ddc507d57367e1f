import type { OpSpec, OpSpecRegistry } from '@fbnas/core';
import { runConformanceChecks, type ConformanceCheck } from './conformance-check';
import { opConformanceChecks, type OpConformanceOptions } from './op-conformance-checks';

/** Options for a whole registry: the same for every op, or per op. `registry` is always the registry checked. */
export type RegistryConformanceOptions =
  | Omit<OpConformanceOptions, 'registry'>
  | ((spec: OpSpec) => Omit<OpConformanceOptions, 'registry'>);

/**
 * The conformance checks of every op in a registry, under every name an architecture may use (canonical names
 * and aliases), each op checked against the registry (its aliases resolve there; its plans use the registry's
 * plan primitives).
 *
 * @param options - options for every op, or a function giving each op's (e.g. `pools` for a head).
 * @example
 * const ops = createBuiltinOpSpecRegistry().extend([mySpec]);
 * it.each(registryConformanceChecks(ops, (spec) => ({ pools: spec.name === 'classifier' })))('$name', (check) => check.run());
 */
export function registryConformanceChecks(registry: OpSpecRegistry, options: RegistryConformanceOptions = {}): ConformanceCheck[] {
  return registry.list().flatMap((spec) => {
    const own = typeof options === 'function' ? options(spec) : options;
    return opConformanceChecks(spec, { ...own, registry });
  });
}

/**
 * Runs every conformance check of every op (and alias) in a registry, outside any test framework.
 *
 * @throws Error listing every failed check as `name: message`.
 * @example
 * assertRegistryConformance(createBuiltinOpSpecRegistry().extend([mySpec]), (spec) => ({ pools: spec.name === 'classifier' }));
 */
export function assertRegistryConformance(registry: OpSpecRegistry, options: RegistryConformanceOptions = {}): void {
  runConformanceChecks(registryConformanceChecks(registry, options));
}
