import { createOpSpecRegistry, type OpSpec } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { classifierSpec } from '../ops/classifier';
import { convSpec } from '../ops/conv';
import { skipSpec } from '../ops/skip';
import { runConformanceChecks } from './conformance-check';
import { assertRegistryConformance, registryConformanceChecks } from './registry-conformance-checks';

const ops = createOpSpecRegistry([convSpec, skipSpec, classifierSpec]);
const pools = (spec: OpSpec) => ({ pools: spec.name === 'classifier' });

describe('registry conformance', () => {
  it('checks every op under every name, against the registry', () => {
    const names = new Set(registryConformanceChecks(ops, pools).map((check) => check.name.slice(0, check.name.indexOf(':'))));
    expect([...names]).toEqual(['conv', 'conv_k3', 'conv_k3_hs', 'conv_k1', 'skip', 'classifier']);
    expect(registryConformanceChecks(ops, pools).filter((check) => check.name.endsWith('is registered with every alias'))).toHaveLength(3);
  });

  it('passes the built-ins and throws one error listing every failure', () => {
    expect(() => assertRegistryConformance(ops, pools)).not.toThrow();
    let error: Error | undefined;
    try {
      assertRegistryConformance(ops); // the classifier pools, but is not declared to
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toMatch(/^6 of \d+ op conformance checks failed:\n- classifier: block 32→32 stride 1: plans the block's output shape: expected/);
    expect(error?.message.split('\n')).toHaveLength(7);
    expect(error?.cause).toBeInstanceOf(Error);
  });

  it('runs checks without a test framework', () => {
    const ran: string[] = [];
    runConformanceChecks([{ name: 'a', run: () => ran.push('a') }, { name: 'b', run: () => ran.push('b') }]);
    expect(ran).toEqual(['a', 'b']);
    expect(() => runConformanceChecks([{ name: 'a', run: () => { throw new Error('no'); } }, { name: 'b', run: () => undefined }])).toThrow(
      '1 of 2 op conformance checks failed:\n- a: no',
    );
  });
});
