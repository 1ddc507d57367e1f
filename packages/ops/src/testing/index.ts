/**
 * `@fbnas/ops/testing`: the op conformance checks, framework-free, for contributors to run on their own op specs
 * (pure; no tfjs, no test framework). Each check is `{ name, run() }`; `run` throws a descriptive Error.
 *
 * @example
 * import { opConformanceChecks } from '@fbnas/ops/testing';
 * it.each(opConformanceChecks(mySpec))('$name', (check) => check.run());
 */
export { runConformanceChecks } from './conformance-check';
export type { ConformanceCheck } from './conformance-check';
export { DEFAULT_CONFORMANCE_BLOCKS, opConformanceChecks } from './op-conformance-checks';
export type { ConformanceBlock, OpConformanceOptions } from './op-conformance-checks';
export { assertRegistryConformance, registryConformanceChecks } from './registry-conformance-checks';
export type { RegistryConformanceOptions } from './registry-conformance-checks';
export { planLayerNames } from './plan-layer-names';
