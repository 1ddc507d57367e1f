import { describe, expect, it } from 'vitest';
import { createTestRegistry, tinyTestArch } from './__fixtures__/test-ops';
import { countArch } from './count-arch';
import { archLatencyFeatures, linearLatency } from './linear-latency';

const registry = createTestRegistry();
const arch = tinyTestArch;

describe('archLatencyFeatures', () => {
  it('counts the layers run, MACs and values written by every block and the head (by hand)', () => {
    // conv_k3 and conv_k1: conv, BN, activation (3 layers each, each writing its output); skip: none;
    // head: pool (32 values), 1×1 conv (10), flatten (10).
    const features = archLatencyFeatures(arch, registry);
    expect(features).toEqual({
      layers: 3 + 0 + 3 + 3,
      macs: countArch(arch, registry).macs,
      outputElements: 3 * 16 * 112 * 112 + 3 * 32 * 112 * 112 + 32 + 10 + 10,
    });
  });
});

describe('linearLatency', () => {
  it('is intercept + Σ coefficient · feature', () => {
    const coefficients = { intercept: -10, perLayer: 4, perMac: 1e-4, perOutputElement: 2e-3 };
    expect(linearLatency(coefficients, { layers: 40, macs: 5e5, outputElements: 6e4 })).toBeCloseTo(-10 + 160 + 50 + 120, 10);
  });
});
