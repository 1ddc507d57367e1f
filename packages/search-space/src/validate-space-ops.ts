import type { OpSpecRegistry } from '@fbnas/core';
import type { SearchSpace } from './parse-space';
import { planSpace } from './plan-space';

/**
 * Checks a space against an op registry: every candidate and fixed block resolves to an op, takes its
 * arguments (with `basicArgs`), plans at its layer's shape, produces the layer's width, and sees the input
 * size `parseSpace` computed (see `planSpace`, which does the work).
 *
 * @param ops - the op registry, e.g. `createBuiltinOpSpecRegistry()` from `@fbnas/ops/specs`.
 * @throws FormatError located in the space: `candidates.k3_e6 (layer c24_0): <core's message>` or
 *   `stages[0][0] (fixed block): <core's message>`.
 * @example
 * validateSpaceOps(loadSpace('fbnet'), createBuiltinOpSpecRegistry());
 */
export function validateSpaceOps(space: SearchSpace, ops: OpSpecRegistry): void {
  planSpace(space, ops);
}
