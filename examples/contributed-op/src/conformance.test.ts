/** The contributed ops pass the op conformance checks every built-in op passes (`@fbnas/ops/testing`). */
import { opConformanceChecks, registryConformanceChecks } from '@fbnas/ops/testing';
import { describe, expect, it } from 'vitest';
import { ghostSpec } from './ghost-module.js';
import { invertedResidualK7Spec } from './inverted-residual-k7.js';
import { createOps } from './my-ops.js';

const ops = createOps();

describe('op conformance', () => {
  it.each(opConformanceChecks(ghostSpec, {
    registry: ops,
    blocks: [{ inChannels: 16, outChannels: 16, stride: 1 }, { inChannels: 16, outChannels: 24, stride: 2 }],
    layerNames: [
      'ghost1.primary.conv', 'ghost1.primary.bn', 'ghost1.cheap.conv', 'ghost1.cheap.bn', 'dw.conv', 'dw.bn',
      'ghost2.primary.conv', 'ghost2.primary.bn', 'ghost2.cheap.conv', 'ghost2.cheap.bn',
    ],
  }))('ghost: $name', (check) => check.run());

  it.each(opConformanceChecks(invertedResidualK7Spec, { registry: ops }))('ir7: $name', (check) => check.run());

  it('passes with every other op of the extended registry', () => {
    const checks = registryConformanceChecks(ops, (spec) => ({
      pools: spec.name === 'classifier' || spec.name === 'ir_pool',
      ...(spec.name === 'ir_pool' ? { blocks: [{ inChannels: 16, outChannels: 24, stride: 1 }] } : {}),
    }));
    expect(checks.length).toBeGreaterThan(100);
    for (const check of checks) check.run();
  });

  it('fails a ghost module with an odd width (the checks can fail)', () => {
    const failures = opConformanceChecks(ghostSpec, { registry: ops, blocks: [{ inChannels: 16, outChannels: 15, stride: 1 }] })
      .filter((check) => { try { check.run(); return false; } catch { return true; } });
    expect(failures.length).toBeGreaterThan(0);
  });
});
