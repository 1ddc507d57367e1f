import { countArch, FormatError, type ArchDefinition, type BlockEntry, type JsonObject } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { loadArchitecture } from '@fbnas/zoo';
import { describe, expect, it } from 'vitest';
import { builtinJointSpaceFiles, createBuiltinJointSpaceRegistry, loadJointSpace } from './builtin-joint-spaces';
import { jointValueAt } from './encode-joint-sample';
import { dimensionValue } from './joint-dimensions';
import { decodeJointPoint, jointArchitecture, type JointSample } from './joint-sample';
import { validateJointSpace } from './validate-joint-space';

const ops = createBuiltinOpSpecRegistry();
const micro = () => structuredClone(builtinJointSpaceFiles['nars-micro-28']) as Record<string, unknown> & {
  stages: Record<string, unknown>[]; recipe: Record<string, unknown>; stem: Record<string, unknown>;
};

describe('validateJointSpace', () => {
  it('accepts the built-in spaces', () => {
    for (const json of Object.values(builtinJointSpaceFiles)) expect(() => validateJointSpace(json)).not.toThrow();
    expect(createBuiltinJointSpaceRegistry().list().map((space) => space.name)).toEqual(['nars-micro-28', 'nars-micro-32', 'nars-imagenet']);
  });

  it.each<[string, (space: ReturnType<typeof micro>) => void, string]>([
    ['unknown key', (s) => { s.inputSize = 28; }, 'inputSize: unknown key; expected one of format, name'],
    ['format', (s) => { s.format = 'fbnas.space/v1'; }, 'format: expected "fbnas.joint-space/v1", got "fbnas.space/v1"'],
    ['resolution', (s) => { s.resolution = [28, 0]; }, 'resolution[1]: expected a positive integer input side (pixels), got 0'],
    ['range order', (s) => { s.stem.channels = { min: 16, max: 8 }; }, 'stem.channels.max: expected at least min (16), got 8'],
    ['stage key', (s) => { s.stages[1]!.groups = 2; }, 'stages[1].groups: unknown key; expected one of name, stride'],
    ['kernel', (s) => { s.stages[1]!.kernel = [3, 4]; }, 'stages[1].kernel[1]: expected a kernel size 3, 5 or 7, got 4'],
    ['se', (s) => { s.stages[0]!.se = ['yes']; }, 'stages[0].se[0]: expected true or false, got "yes"'],
    ['duplicate', (s) => { s.stages[2]!.name = 's2'; }, "stages[2].name: stage name 's2' is already used"],
    ['twice', (s) => { s.stages[1]!.expansion = [2, 2]; }, 'stages[1].expansion[1]: option 2 is listed twice'],
    ['activation', (s) => { s.stages[1]!.activation = 'gelu'; }, 'stages[1].activation: expected "relu" or "hswish", got "gelu"'],
    ['optimizer', (s) => { s.recipe.optimizer = ['sgd', 'lamb']; }, 'recipe.optimizer[1]: expected one of "sgd", "rmsprop", "adam", got "lamb"'],
    ['log scale', (s) => { s.recipe.learningRate = { min: 0, max: 0.1, scale: 'log' }; }, 'recipe.learningRate.min: expected a positive number'],
    ['missing recipe key', (s) => { delete s.recipe.ema; }, 'recipe.ema: expected a dimension (a list of options or a range), got nothing'],
    ['dropout', (s) => { s.recipe.dropout = { min: 0, max: 1 }; }, 'recipe.dropout.max: expected a non-negative number below 1, got 1'],
    ['last', (s) => { s.last = [['ir_pool_hs', 256, 1]]; }, 'last[0]: expected a block entry'],
    ['head', (s) => { s.head = { op: 'classifier', bias: true }; }, 'head.bias: unknown key'],
  ])('names the path: %s', (_name, change, message) => {
    const value = micro();
    change(value);
    expect(() => validateJointSpace(value)).toThrow(FormatError);
    expect(() => validateJointSpace(value)).toThrow(message);
  });
});

describe('joint space dimensions and samples', () => {
  const space = loadJointSpace('nars-micro-28');

  it('lists every dimension in a stable order; fixed ones take no coordinate', () => {
    expect(space.dimensions.slice(0, 7).map((d) => d.path)).toEqual([
      'resolution', 'stem.channels', 'stages[0].channels', 'stages[0].depth', 'stages[0].expansion', 'stages[0].kernel', 'stages[0].se',
    ]);
    expect(space.dimensions.filter((d) => d.fixed).map((d) => d.path)).toEqual(['stages[0].expansion', 'stages[0].se', 'recipe.optimizer']);
    expect(space.searched).toHaveLength(space.dimensions.length - 3);
    expect(space.dimensions.find((d) => d.path === 'stages[2].channels')!.options).toEqual([24, 32, 40, 48]);
  });

  it('maps a coordinate to an option, a linear or a log value', () => {
    const lr = space.dimensions.find((d) => d.path === 'recipe.learningRate')!;
    expect(dimensionValue(lr, 0)).toBeCloseTo(0.01, 12);
    expect(dimensionValue(lr, 0.5)).toBeCloseTo(Math.sqrt(0.01 * 0.3), 12);
    const depth = space.dimensions.find((d) => d.path === 'stages[1].depth')!;
    expect([0, 0.33, 0.34, 0.99].map((u) => dimensionValue(depth, u))).toEqual([1, 1, 2, 3]);
  });

  it('decodes a point to a pair and the pair to an architecture that counts and plans', () => {
    const sample = decodeJointPoint(space, space.searched.map(() => 0.999));
    expect(sample.resolution).toBe(28);
    expect(sample.stages.map((s) => [s.channels, s.depth, s.kernel, s.se])).toEqual([[16, 2, 5, false], [32, 3, 5, true], [48, 3, 5, true], [64, 2, 5, true]]);
    expect(sample.recipe).toMatchObject({ optimizer: 'sgd', ema: 0.999, epochs: 12 });
    const arch = jointArchitecture(space, sample);
    expect(arch.stages[2]).toEqual([['ir', 32, 2, 3, { kernel: 5, expansion: 6, se: 'hsigmoid', activation: 'hswish' }]]);
    const small = countArch(jointArchitecture(space, decodeJointPoint(space, space.searched.map(() => 0))), ops);
    const large = countArch(arch, ops);
    expect(small.macs).toBeLessThan(large.macs);
    expect(() => decodeJointPoint(space, [0.5])).toThrow(`space 'nars-micro-28' has ${space.searched.length} searched dimensions, got a point of 1`);
  });

  it('nars-imagenet contains FBNetV3_A … G: their choices build networks that count as the zoo models (dw padding aside)', () => {
    const imagenet = loadJointSpace('nars-imagenet');
    for (const name of ['FBNetV3_A', 'FBNetV3_B', 'FBNetV3_C', 'FBNetV3_D', 'FBNetV3_E', 'FBNetV3_F', 'FBNetV3_G']) {
      const zoo = withoutDwPadding(loadArchitecture(name));
      const entries = zoo.stages.slice(1, 6).flat();
      const sample: JointSample = {
        resolution: zoo.inputSize,
        stem: { channels: zoo.stages[0]![0]![1] },
        stages: entries.map(([op, channels, , depth, args]) => ({
          channels, depth, expansion: (args as JsonObject).expansion as number, kernel: Number(/_k(\d)/.exec(op)![1]), se: op.includes('_se'),
        })),
        recipe: decodeJointPoint(imagenet, imagenet.searched.map(() => 0)).recipe,
      };
      // Every choice is one of the space's options.
      const point = imagenet.searched.map(() => 0);
      expect(() => decodeJointPoint(imagenet, point)).not.toThrow();
      for (const dimension of imagenet.dimensions) {
        const value = jointValueAt(sample, dimension.path);
        if (dimension.kind === 'options') expect(dimension.options, `${name} ${dimension.path}`).toContain(value);
        else expect(value).toBeGreaterThanOrEqual(dimension.min);
      }
      const ours = countArch(jointArchitecture(imagenet, sample), ops);
      const theirs = countArch(zoo, ops);
      expect([ours.macs, ours.weights, ours.trainable]).toEqual([theirs.macs, theirs.weights, theirs.trainable]);
    }
  });
});

function withoutDwPadding(arch: ArchDefinition): ArchDefinition {
  const copy = structuredClone(arch);
  for (const stage of copy.stages) for (const entry of stage as BlockEntry[]) for (const args of entry.slice(4) as JsonObject[]) delete args.dwPadding;
  return copy;
}
