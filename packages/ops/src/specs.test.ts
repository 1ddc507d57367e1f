/**
 * The built-in op specs pass the exported conformance checks (`@fbnas/ops/testing`) under every name, with the
 * reference checkpoint layer names; plus what is specific to the built-ins: the op names of spec §5.1 and the
 * frozen list.
 */
import { opNames, type OpSpec } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { builtinOpSpecs, createBuiltinOpSpecRegistry } from './specs';
import { registryConformanceChecks, type ConformanceBlock } from './testing';

/** Layer names allowed by spec §9.7 (relative to the block path). */
const REFERENCE_NAMES = [
  'conv', 'bn', 'pw.conv', 'pw.bn', 'dw.conv', 'dw.bn', 'pwl.conv', 'pwl.bn', 'se.se.0.conv', 'se.se.1', 'conv.conv', 'conv.bn',
];
/** Ops whose output is pooled to 1×1. */
const POOLING_OPS = new Set(['ir_pool', 'classifier']);
/** Sample blocks: shape-keeping, widening, strided (the last not for `ir_pool`, which requires stride 1). */
const BLOCKS: ConformanceBlock[] = [
  { inChannels: 32, outChannels: 32, stride: 1 },
  { inChannels: 16, outChannels: 24, stride: 1 },
  { inChannels: 24, outChannels: 40, stride: 2 },
];

const registry = createBuiltinOpSpecRegistry();
const checks = registryConformanceChecks(registry, (spec: OpSpec) => ({
  layerNames: REFERENCE_NAMES,
  pools: POOLING_OPS.has(spec.name),
  blocks: spec.name === 'ir_pool' ? BLOCKS.filter((block) => block.stride === 1) : BLOCKS,
}));

describe('built-in op spec conformance', () => {
  it('covers every op name of spec §5.1', () => {
    for (const name of [
      'conv_k3', 'conv_k3_hs', 'conv_k1', 'ir_k3', 'ir_k5', 'ir_k3_hs', 'ir_k5_hs', 'ir_k3_se', 'ir_k5_se', 'ir_k3_sehsig',
      'ir_k5_sehsig', 'ir_k3_sehsig_hs', 'ir_k5_sehsig_hs', 'ir_k3_g2', 'ir_k5_g2', 'skip', 'ir_pool', 'ir_pool_hs',
    ]) {
      expect(opNames(registry)).toContain(name);
      expect(registry.has(name)).toBe(true);
    }
  });

  it('checks every usable name, each under unique check names', () => {
    const checked = new Set(checks.map((check) => check.name.slice(0, check.name.indexOf(':'))));
    expect([...checked]).toEqual(opNames(registry));
    expect(new Set(checks.map((check) => check.name)).size).toBe(checks.length);
  });

  it.each(checks)('$name', (check) => check.run());

  it('rejects an unknown argument with the standard message', () => {
    for (const spec of builtinOpSpecs) {
      expect(() => spec.parseArgs({ notAnArgument: 1 }, { path: 'stages[0][0]' })).toThrow(
        "stages[0][0].notAnArgument: unknown argument 'notAnArgument'",
      );
    }
  });

  it('exposes the specs as a frozen list and fresh registries', () => {
    expect(Object.isFrozen(builtinOpSpecs)).toBe(true);
    expect(builtinOpSpecs.map((spec) => spec.name)).toEqual(['conv', 'ir', 'skip', 'ir_pool', 'classifier']);
    expect(createBuiltinOpSpecRegistry().names()).toEqual(registry.names());
    expect(createBuiltinOpSpecRegistry()).not.toBe(registry);
  });
});
