/**
 * The built-in op specs (pure; no tfjs): `import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs'`.
 * Contributing an op is one file in `ops/` plus its test plus one line in `builtinOpSpecs`.
 */
import { createOpSpecRegistry, type OpSpec, type OpSpecRegistry } from '@fbnas/core';
import { classifierSpec } from './ops/classifier';
import { convSpec } from './ops/conv';
import { invertedResidualSpec } from './ops/inverted-residual';
import { irPoolSpec } from './ops/ir-pool';
import { skipSpec } from './ops/skip';

/** Every built-in op spec: `conv`, `ir`, `skip`, `ir_pool`, `classifier` (with their aliases). */
export const builtinOpSpecs: readonly OpSpec[] = Object.freeze([
  convSpec,
  invertedResidualSpec,
  skipSpec,
  irPoolSpec,
  classifierSpec,
]);

/**
 * A new registry of the built-in op specs; `.extend([mySpec])` adds your own.
 *
 * @example
 * const ops = createBuiltinOpSpecRegistry();
 * countArch(arch, ops).macs;
 */
export function createBuiltinOpSpecRegistry(): OpSpecRegistry {
  return createOpSpecRegistry(builtinOpSpecs);
}

export { convSpec } from './ops/conv';
export type { ConvArgs } from './ops/conv';
export { invertedResidualSpec, invertedResidualWidths } from './ops/inverted-residual';
export type { InvertedResidualArgs, InvertedResidualWidths } from './ops/inverted-residual';
export { skipSpec } from './ops/skip';
export type { SkipArgs } from './ops/skip';
export { irPoolSpec } from './ops/ir-pool';
export type { IrPoolArgs } from './ops/ir-pool';
export { classifierSpec } from './ops/classifier';
export type { ClassifierArgs } from './ops/classifier';
export { squeezeExcite } from './ops/squeeze-excite';
export type { SqueezeExciteOptions } from './ops/squeeze-excite';
export { convUnit } from './ops/conv-unit';
export type { ConvUnitOptions } from './ops/conv-unit';
export { latencyKey } from './ops/latency-key';
