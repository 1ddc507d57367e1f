/**
 * The conformance test every op spec passes (built-in or contributed): arguments survive JSON, unknown
 * arguments are rejected at their path, plans are pure data with reference layer names and consistent shapes,
 * costs are finite, latency keys are canonical.
 */
import {
  convOutputSize,
  countPlan,
  FormatError,
  planOutputShape,
  resolveOpName,
  type LayerPlan,
  type OpBlock,
  type OpSpec,
  type PlanLayer,
} from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { builtinOpSpecs, createBuiltinOpSpecRegistry } from './specs';

/** Layer names allowed by spec §9.7 (relative to the block path). */
const REFERENCE_NAMES = new Set([
  'conv', 'bn', 'pw.conv', 'pw.bn', 'dw.conv', 'dw.bn', 'pwl.conv', 'pwl.bn', 'se.se.0.conv', 'se.se.1', 'conv.conv', 'conv.bn',
]);
/** Ops whose output is pooled to 1×1. */
const POOLING_OPS = new Set(['ir_pool', 'classifier']);

const registry = createBuiltinOpSpecRegistry();
const usableNames = registry.list().flatMap((spec) => [spec.name, ...spec.aliases.map((alias) => alias.name)]);

/** Sample blocks: shape-keeping, widening, strided (not for ops requiring stride 1). */
function sampleBlocks(spec: OpSpec): Array<Omit<OpBlock, 'args'>> {
  const samples = [
    { inChannels: 32, outChannels: 32, stride: 1 },
    { inChannels: 16, outChannels: 24, stride: 1 },
    { inChannels: 24, outChannels: 40, stride: 2 },
  ];
  return spec.name === 'ir_pool' ? samples.filter((sample) => sample.stride === 1) : samples;
}

function walk(layers: LayerPlan, visit: (layer: PlanLayer) => void): void {
  for (const layer of layers) {
    visit(layer);
    if (layer.kind === 'residual' || layer.kind === 'squeezeExcite') walk(layer.body, visit);
  }
}

describe('op spec conformance', () => {
  it('covers every op name of spec §5.1', () => {
    for (const name of [
      'conv_k3', 'conv_k3_hs', 'conv_k1', 'ir_k3', 'ir_k5', 'ir_k3_hs', 'ir_k5_hs', 'ir_k3_se', 'ir_k5_se', 'ir_k3_sehsig',
      'ir_k5_sehsig', 'ir_k3_sehsig_hs', 'ir_k5_sehsig_hs', 'ir_k3_g2', 'ir_k5_g2', 'skip', 'ir_pool', 'ir_pool_hs',
    ]) {
      expect(usableNames).toContain(name);
    }
  });

  describe.each(usableNames)('%s', (name) => {
    const { spec, fixedArgs } = resolveOpName(registry, name);
    const args = spec.parseArgs({ ...fixedArgs }, { path: 'test' });

    it('has a snake_case name, a description and the argument names it parses', () => {
      expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(spec.description.length).toBeGreaterThan(10);
      expect(Object.keys(args).sort()).toEqual([...spec.argNames].sort());
    });

    it('parses arguments that survive a JSON round trip', () => {
      const roundTripped = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
      expect(spec.parseArgs(roundTripped, { path: 'test' })).toEqual(args);
    });

    it('rejects an unknown argument at its path', () => {
      expect(() => spec.parseArgs({ ...fixedArgs, notAnArgument: 1 }, { path: 'stages[0][0]' })).toThrow(FormatError);
      expect(() => spec.parseArgs({ ...fixedArgs, notAnArgument: 1 }, { path: 'stages[0][0]' })).toThrow(
        "stages[0][0].notAnArgument: unknown argument 'notAnArgument'",
      );
    });

    it.each(sampleBlocks(spec))('plans a valid block: %o', (shape) => {
      const block = { ...shape, args: Object.freeze({ ...args }) };
      const plan = spec.plan(block);
      expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
      const input = { height: 16, width: 16, channels: block.inChannels };
      const output = planOutputShape(plan, input);
      const side = POOLING_OPS.has(spec.name) ? 1 : convOutputSize(16, 1, block.stride);
      expect(output).toEqual({ height: side, width: side, channels: block.outChannels });

      const names: string[] = [];
      walk(plan, (layer) => {
        if ('name' in layer) names.push(layer.name);
      });
      expect(new Set(names).size).toBe(names.length);
      for (const layerName of names) expect(REFERENCE_NAMES).toContain(layerName);

      const cost = countPlan(plan, input);
      for (const value of [cost.macs, cost.weights, cost.biases, cost.bnChannels]) {
        expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
      }

      const key = spec.latencyKey(block, { height: 16, width: 16 });
      expect(key).toMatch(new RegExp(`^${spec.name}-in:16x16x${block.inChannels}-out:${side}x${side}x${block.outChannels}(-[a-z]+:[\\w.]+)*$`));
      expect(spec.latencyKey(block, { height: 16, width: 16 })).toBe(key);
      expect(spec.latencyKey(block, { height: 32, width: 32 })).not.toBe(key);
    });
  });

  it('exposes the specs as a frozen list and fresh registries', () => {
    expect(Object.isFrozen(builtinOpSpecs)).toBe(true);
    expect(builtinOpSpecs.map((spec) => spec.name)).toEqual(['conv', 'ir', 'skip', 'ir_pool', 'classifier']);
    expect(createBuiltinOpSpecRegistry().names()).toEqual(registry.names());
  });
});
