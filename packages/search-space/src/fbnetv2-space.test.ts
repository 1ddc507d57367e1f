/**
 * The built-in `fbnetv2` mask space contains every released FBNetV2 model: each zoo architecture is turned,
 * block by block, into a sample of the space whose derived architecture has the zoo's layer plans, MACs and
 * parameters exactly.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  countArch, makeDivisible, planUnifiedArch, unify, validateArch, type ArchDefinition, type JsonObject,
} from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import zooF1 from '../../zoo/src/architectures/FBNetV2_F1.json';
import zooF2 from '../../zoo/src/architectures/FBNetV2_F2.json';
import zooF3 from '../../zoo/src/architectures/FBNetV2_F3.json';
import zooF4 from '../../zoo/src/architectures/FBNetV2_F4.json';
import zooL1 from '../../zoo/src/architectures/FBNetV2_L1.json';
import zooL2 from '../../zoo/src/architectures/FBNetV2_L2.json';
import { loadMaskSpace } from './builtin-mask-spaces';
import { deriveMask } from './derive-mask';
import { countMaskArchitectures } from './mask-choices';
import { takesExpansion, validateMaskSample, type MaskLayerChoice, type MaskSample } from './mask-sample';
import { parseMaskSpace, type MaskLayer, type MaskSearchSpace } from './parse-mask-space';
import { randomMaskSample } from './random-mask-sample';
import { seededRandom } from './seeded-random';
import fbnetv2Json from './spaces/fbnetv2.json';

const ops = createBuiltinOpSpecRegistry();
const ZOO: readonly ArchDefinition[] = [zooF1, zooF2, zooF3, zooF4, zooL1, zooL2].map((json) => validateArch(json));

/** One block of a zoo architecture, its repeats unrolled. */
interface ZooBlock {
  op: string;
  outChannels: number;
  stride: number;
  args: JsonObject;
}

/**
 * The sample of `space` that reproduces `arch`: zoo stage `s` fills the searchable layers of space stage `s` in
 * order (the same op, args, output width, and an expansion ratio giving the same hidden width), and the layers
 * left over become identity skips (same width, stride 1).
 */
function zooSample(space: MaskSearchSpace, arch: ArchDefinition): MaskSample {
  if (arch.stages.length !== space.definition.stages.length) {
    throw new Error(`${arch.name}: ${arch.stages.length} stages, the space has ${space.definition.stages.length}`);
  }
  const divisor = widthDivisor(space);
  const layers: Record<string, MaskLayerChoice> = {};
  let inChannels = arch.inputChannels ?? 3;
  arch.stages.forEach((stage, s) => {
    const stageBlocks = space.blocks.filter((block) => block.path.startsWith(`backbone.stages.xif${s}_`));
    const stageLayers = stageBlocks.filter((block): block is MaskLayer => 'id' in block);
    if (stageLayers.length !== stageBlocks.length) throw new Error(`stage ${s}: the space has fixed blocks`);
    const blocks: ZooBlock[] = stage.flatMap(([op, outChannels, stride, repeat, ...argObjects]) =>
      Array.from({ length: repeat }, (_, copy) => ({
        op, outChannels, stride: copy === 0 ? stride : 1, args: Object.assign({}, ...argObjects) as JsonObject,
      })));
    if (blocks.length > stageLayers.length) {
      throw new Error(`${arch.name} stage ${s}: ${blocks.length} blocks, the space has ${stageLayers.length} layers`);
    }
    stageLayers.forEach((layer, index) => {
      const block = blocks[index] ?? { op: 'skip', outChannels: inChannels, stride: 1, args: {} };
      if (layer.stride !== block.stride) {
        throw new Error(`${arch.name} ${layer.path}: stride ${block.stride}, layer ${layer.id} has ${layer.stride}`);
      }
      layers[layer.id] = layerChoice(space, layer, block, inChannels, divisor);
      inChannels = block.outChannels;
    });
  });
  return { resolution: arch.inputSize, layers };
}

function layerChoice(space: MaskSearchSpace, layer: MaskLayer, block: ZooBlock, inChannels: number, divisor: number): MaskLayerChoice {
  const { expansion, ...otherArgs } = block.args;
  const name = layer.candidates.find((candidateName) => {
    const candidate = space.candidates.find((c) => c.name === candidateName)!;
    if (candidate.op !== block.op) return false;
    return takesExpansion(space, layer, candidateName)
      ? typeof expansion === 'number' && isDeepStrictEqual(otherArgs, candidate.args)
      : isDeepStrictEqual(block.args, candidate.args);
  });
  if (name === undefined) throw new Error(`${layer.id}: no candidate for ${block.op} ${JSON.stringify(block.args)}`);
  if (!takesExpansion(space, layer, name)) return { op: name, channels: block.outChannels };
  const hidden = makeDivisible(inChannels * (expansion as number), divisor);
  const ratios = layer.expansions!.filter((e) => makeDivisible(inChannels * e, divisor) === hidden);
  if (ratios.length === 0) throw new Error(`${layer.id}: no expansion gives hidden width ${hidden} from ${inChannels}`);
  const nearest = ratios.reduce((best, e) => (Math.abs(e - (expansion as number)) < Math.abs(best - (expansion as number)) ? e : best));
  return { op: name, channels: block.outChannels, expansion: nearest };
}

function widthDivisor(space: MaskSearchSpace): number {
  return space.definition.basicArgs!.widthDivisor as number;
}

describe('fbnetv2 mask space', () => {
  const space = loadMaskSpace('fbnetv2');

  it('parses: ImageNet scale, 27 searchable layers, resolutions 128 to 256', () => {
    expect(parseMaskSpace(fbnetv2Json)).toEqual(space);
    expect([space.inputSize, space.inputChannels, space.numClasses]).toEqual([256, 3, 1000]);
    expect([...space.resolutions].sort((a, b) => a - b)).toEqual([128, 160, 192, 224, 256]);
    const depth = (group: string) => space.layers.filter((layer) => layer.group === group).length;
    expect(['stem', 's1', 's2', 's3', 's4', 's5', 'pool'].map(depth)).toEqual([1, 1, 4, 4, 10, 6, 1]);
    expect(space.layers).toHaveLength(27);
    expect(space.blocks.at(-1)).toMatchObject({ path: 'head', input: { channels: [1600, 1664, 1728, 1792, 1856, 1920, 1984] } });
  });

  it('has the size its description states (log10 by countMaskArchitectures)', () => {
    const log10 = countMaskArchitectures(space);
    // resolutions × stem × s1 × s2⁴ × s3⁴ × s4¹⁰ × s5⁶ × pool: channels × (8 IR ops × expansion ratios + skip).
    const expected = Math.log10(5) + Math.log10(3) + Math.log10(3 * (8 * 13 + 1)) + 4 * Math.log10(5 * (8 * 25 + 1))
      + 4 * Math.log10(5 * (8 * 49 + 1)) + 10 * Math.log10(11 * (8 * 97 + 1)) + 6 * Math.log10(15 * (8 * 193 + 1)) + Math.log10(7);
    expect(log10).toBeCloseTo(expected, 10);
    expect(log10.toFixed(1)).toBe('95.2');
    expect(space.description).toContain(`Size: 10^${log10.toFixed(1)} samples`);
    expect(space.description).toContain('RECONSTRUCTION');
  });

  it('reaches every multiple-of-8 hidden width from in to 7·in, for every input width of every IR layer', () => {
    const divisor = widthDivisor(space);
    for (const layer of space.layers.filter((l) => l.expansions !== null)) {
      for (const inChannels of new Set([...layer.input.channels, ...layer.channels])) {
        const reachable = new Set(layer.expansions!.map((e) => makeDivisible(inChannels * e, divisor)));
        for (let hidden = makeDivisible(inChannels, divisor); hidden <= makeDivisible(7 * inChannels, divisor); hidden += divisor) {
          if (!reachable.has(hidden)) throw new Error(`${layer.id}: hidden width ${hidden} unreachable from ${inChannels}`);
        }
      }
    }
  });

  it('derives random samples that plan and count with the op registry', () => {
    const random = seededRandom(11);
    for (let draw = 0; draw < 10; draw++) {
      const sample = randomMaskSample(space, random);
      const count = countArch(deriveMask(space, sample), ops);
      expect(count.inputSize).toBe(sample.resolution);
      expect(count.macs).toBeGreaterThan(0);
      expect(count.blocks.at(-1)!.outShape.channels).toBe(1000);
    }
  });

  describe.each(ZOO.map((arch) => [arch.name, arch] as const))('contains %s', (_name, zoo) => {
    it('as a valid sample at its input size', () => {
      const sample = zooSample(space, zoo);
      expect(() => validateMaskSample(space, sample)).not.toThrow();
      expect(sample.resolution).toBe(zoo.inputSize);
    });

    it('whose derived architecture has the zoo model\'s layer plans, MACs and parameters', () => {
      const sample = zooSample(space, zoo);
      const derived = deriveMask(space, sample, { name: zoo.name });
      expect([derived.inputSize, derived.inputChannels, derived.numClasses]).toEqual([zoo.inputSize, zoo.inputChannels, zoo.numClasses]);
      expect(derived.basicArgs).toEqual(zoo.basicArgs);
      expect(derived.head).toEqual(zoo.head);

      const zooCount = countArch(zoo, ops);
      const count = countArch(derived, ops);
      const totals = ({ macs, weights, biases, trainable, bnStats, frameworkParams }: typeof count) =>
        ({ macs, weights, biases, trainable, bnStats, frameworkParams });
      expect(totals(count)).toEqual(totals(zooCount));

      // Every zoo block has its twin at the same path (same op, shapes and counts); the rest are identity skips.
      const zooBlocks = new Map(zooCount.blocks.map((block) => [block.path, block]));
      for (const block of count.blocks) {
        const twin = zooBlocks.get(block.path);
        if (twin !== undefined) expect(block).toEqual(twin);
        else expect([block.op, block.macs, block.trainable, block.outShape]).toEqual(['skip', 0, 0, block.inShape]);
      }
      expect(count.blocks.filter((block) => zooBlocks.has(block.path))).toHaveLength(zooCount.blocks.length);

      const plans = (arch: ArchDefinition) => new Map(planUnifiedArch(unify(arch, ops), ops).map((p) => [p.block.path, p.plan]));
      const derivedPlans = plans(derived);
      for (const [path, plan] of plans(zoo)) expect(derivedPlans.get(path), path).toEqual(plan);
    });
  });
});
