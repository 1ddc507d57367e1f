// @ts-check
/**
 * The contributed ops, as `fbnas … --ops ./src/my-ops.js` loads them (the `opSpecs` export: a list of op specs),
 * and the one call that registers them for the API.
 */
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { ghostSpec } from './ghost-module.js';
import { invertedResidualK7Spec } from './inverted-residual-k7.js';

/** Every contributed op spec. */
export const opSpecs = [ghostSpec, invertedResidualK7Spec];

/**
 * The built-in ops plus the contributed ones: pass it as `ops` to every fbnas function.
 *
 * @returns {import('@fbnas/core').OpSpecRegistry}
 */
export function createOps() {
  return createBuiltinOpSpecRegistry().extend(opSpecs);
}
