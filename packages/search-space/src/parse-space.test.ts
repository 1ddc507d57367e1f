import { describe, expect, it } from 'vitest';
import { tinySpaceDefinition } from './__fixtures__/tiny-space';
import { loadSpace } from './builtin-spaces';
import { derive } from './derive';
import { parseMaskSpace } from './parse-mask-space';
import { parseSpace } from './parse-space';
import { randomSample } from './random-sample';

describe('parseSpace', () => {
  it('lays out layers and fixed blocks with ids, paths, widths, strides and input sizes', () => {
    const space = parseSpace(tinySpaceDefinition());
    expect(space.candidates.map((candidate) => candidate.name)).toEqual(['k3_e1', 'k3_e1_g2', 'k5_e3', 'skip']);
    expect(space.candidates[3]).toEqual({ name: 'skip', op: 'skip', args: {} });
    expect(space.layers.map(({ id, group, stage, index, path, source, inChannels, outChannels, stride, inputSize }) => ({
      id, group, stage, index, path, source, inChannels, outChannels, stride, size: inputSize.height,
    }))).toEqual([
      { id: 'a_0', group: 'a', stage: 1, index: 0, path: 'backbone.stages.xif1_0', source: 'stages[1][0]', inChannels: 8, outChannels: 8, stride: 1, size: 8 },
      { id: 'b_0', group: 'b', stage: 1, index: 1, path: 'backbone.stages.xif1_1', source: 'stages[1][1]', inChannels: 8, outChannels: 12, stride: 2, size: 8 },
      { id: 'b_1', group: 'b', stage: 1, index: 2, path: 'backbone.stages.xif1_2', source: 'stages[1][1]', inChannels: 12, outChannels: 12, stride: 1, size: 4 },
    ]);
    expect(space.layers[0]!.candidates).toEqual(['k3_e1', 'skip']);
    expect(space.layers[1]!.candidates).toEqual(['k3_e1', 'k3_e1_g2', 'k5_e3', 'skip']);
    expect(space.fixed.map(({ path, op, inChannels, outChannels, stride, inputSize }) => [path, op, inChannels, outChannels, stride, inputSize.height])).toEqual([
      ['backbone.stages.xif0_0', 'conv_k3', 3, 8, 2, 16],
      ['backbone.stages.xif2_0', 'conv_k1', 12, 16, 1, 4],
      ['head', 'classifier', 16, 5, 1, 4],
    ]);
  });

  it('lays out the paper space: 22 layers at 112, 56, 28, 14 and 7 pixels, stem, 1×1 and head fixed', () => {
    const space = loadSpace('fbnet');
    expect(space.layers).toHaveLength(22);
    expect(space.layers.map((layer) => `${layer.id}@${layer.inputSize.height}/${layer.stride}`).join(' ')).toBe(
      'c16_0@112/1 c24_0@112/2 c24_1@56/1 c24_2@56/1 c24_3@56/1 c32_0@56/2 c32_1@28/1 c32_2@28/1 c32_3@28/1 ' +
        'c64_0@28/2 c64_1@14/1 c64_2@14/1 c64_3@14/1 c112_0@14/1 c112_1@14/1 c112_2@14/1 c112_3@14/1 ' +
        'c184_0@14/2 c184_1@7/1 c184_2@7/1 c184_3@7/1 c352_0@7/1',
    );
    // mobile-vision's FBNet-B block names: the 64 and 112 groups share stage 4, the 184 and 352 groups stage 5.
    expect(space.layers.find((layer) => layer.id === 'c112_3')!.path).toBe('backbone.stages.xif4_7');
    expect(space.layers.find((layer) => layer.id === 'c352_0')!.path).toBe('backbone.stages.xif5_4');
    expect(space.fixed.map((block) => block.path)).toEqual(['backbone.stages.xif0_0', 'backbone.stages.xif6_0', 'head']);
    expect(space.fixed[1]).toMatchObject({ op: 'conv_k1', inChannels: 352, outChannels: 1984, inputSize: { height: 7, width: 7 } });
  });

  it('merges a fixed entry\'s argument objects and keeps only the first copy\'s stride', () => {
    const definition = tinySpaceDefinition();
    definition.stages[0] = [{ fixed: ['conv', 8, 2, 2, { kernel: 3 }, { activation: 'hswish' }] }];
    const space = parseSpace(definition);
    expect(space.fixed.slice(0, 2).map((block) => [block.path, block.stride, block.args])).toEqual([
      ['backbone.stages.xif0_0', 2, { kernel: 3, activation: 'hswish' }],
      ['backbone.stages.xif0_1', 1, { kernel: 3, activation: 'hswish' }],
    ]);
  });

  it('rounds odd sizes up, like a k//2-padded strided convolution', () => {
    expect(loadSpace('fbnet-micro-28').layers.map((layer) => layer.inputSize.height)).toEqual([14, 14, 7, 7, 7, 7, 4, 4]);
  });

  it('is the mask space whose widths have one option: the same layout and derivations from either format', () => {
    const v1 = tinySpaceDefinition();
    const asMask = {
      ...v1,
      format: 'fbnas.mask-space/v1',
      stages: v1.stages.map((stage) => stage.map((entry) => {
        if (!('search' in entry)) return entry;
        const { outChannels, ...rest } = entry;
        return { ...rest, channels: [outChannels] };
      })),
    };
    const fromV1 = parseSpace(v1);
    const fromMask = parseSpace(asMask);
    expect(fromMask.layers).toEqual(fromV1.layers);
    expect(fromMask.fixed).toEqual(fromV1.fixed);
    expect(fromV1.mask.layers.map((layer) => layer.channels)).toEqual([[8], [12], [12]]);
    expect(parseMaskSpace(v1).layers).toEqual(fromV1.mask.layers);
    for (let seed = 0; seed < 5; seed++) {
      const sample = randomSample(fromV1, seed);
      expect(derive(fromMask, sample).stages).toEqual(derive(fromV1, sample).stages);
    }
    // A derived architecture has one entry per block: the fixed stem, the chosen candidates, the 1×1.
    expect(derive(fromV1, { a_0: 'skip', b_0: 'k5_e3', b_1: 'k3_e1' }).stages).toEqual([
      [['conv_k3', 8, 2, 1]],
      [['skip', 8, 1, 1], ['ir_k5', 12, 2, 1, { expansion: 3 }], ['ir_k3', 12, 1, 1, { expansion: 1 }]],
      [['conv_k1', 16, 1, 1]],
    ]);
  });

  it('refuses searched widths, expansions and resolutions, naming the path', () => {
    const mask = (change: (stages: Record<string, unknown>[][]) => void, extra: Record<string, unknown> = {}) => {
      const v1 = tinySpaceDefinition();
      const stages = v1.stages.map((stage) => stage.map((entry) => {
        if (!('search' in entry)) return entry as unknown as Record<string, unknown>;
        const { outChannels, ...rest } = entry;
        return { ...rest, channels: [outChannels] } as Record<string, unknown>;
      }));
      change(stages);
      return { ...v1, format: 'fbnas.mask-space/v1', stages, ...extra };
    };
    expect(() => parseSpace(mask((s) => { s[1]![1]!.channels = [8, 12]; }))).toThrow(
      'stages[1][1].channels: expected one width option in a DNAS space (it searches ops only; search widths with mask-search), got 2',
    );
    expect(() => parseSpace(mask((s) => { s[1]![0]!.expansion = [1, 3]; }))).toThrow(/^stages\[1\]\[0\]\.expansion: expected one expansion option/);
    expect(() => parseSpace(mask(() => undefined, { resolutions: [16, 8] }))).toThrow(/^resolutions: expected one input resolution option/);
    expect(() => parseSpace({ ...tinySpaceDefinition(), format: 'fbnas.arch/v1' })).toThrow(
      'format: expected "fbnas.space/v1" or "fbnas.mask-space/v1", got "fbnas.arch/v1"',
    );
  });
});
