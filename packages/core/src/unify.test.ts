import { describe, expect, it } from 'vitest';
import { createTestRegistry } from './__fixtures__/test-ops';
import type { ArchDefinition } from './arch-definition';
import { unify } from './unify';

const registry = createTestRegistry();

function arch(stages: ArchDefinition['stages'], extra: Partial<ArchDefinition> = {}): ArchDefinition {
  return { format: 'fbnas.arch/v1', name: 'tiny', inputSize: 32, stages, ...extra };
}

describe('unify', () => {
  it('names blocks per stage, chains channels and resolves aliases', () => {
    const unified = unify(arch([[['conv_k3', 8, 2, 1]], [['skip', 8, 1, 1], ['conv_k1', 16, 1, 1]]]), registry);
    expect(unified.blocks.map((block) => [block.name, block.path, block.op, block.opName, block.inChannels, block.outChannels])).toEqual([
      ['xif0_0', 'backbone.stages.xif0_0', 'conv', 'conv_k3', 3, 8],
      ['xif1_0', 'backbone.stages.xif1_0', 'skip', 'skip', 8, 8],
      ['xif1_1', 'backbone.stages.xif1_1', 'conv', 'conv_k1', 8, 16],
    ]);
    expect(unified.blocks[2]!.args).toEqual({ kernel: 1, activation: 'relu', bias: true });
    expect(unified.blocks[2]).toMatchObject({ stage: 1, index: 1, source: 'stages[1][1]' });
    expect(unified.head).toMatchObject({ name: 'head', path: 'head', op: 'classifier', inChannels: 16, outChannels: 1000, stride: 1 });
    expect(unified).toMatchObject({ name: 'tiny', inputSize: 32, inputChannels: 3, numClasses: 1000 });
  });

  it('expands repeats keeping the stride on the first copy only, and drops repeat 0', () => {
    const unified = unify(arch([[['conv_k3', 8, 2, 3], ['conv_k3', 4, 2, 0]], [['conv_k3', 16, 2, 2]]]), registry);
    expect(unified.blocks.map((block) => `${block.name}:${block.stride}:${block.source}`)).toEqual([
      'xif0_0:2:stages[0][0]',
      'xif0_1:1:stages[0][0]',
      'xif0_2:1:stages[0][0]',
      'xif1_0:2:stages[1][0]',
      'xif1_1:1:stages[1][0]',
    ]);
  });

  it('merges basicArgs (only keys the op takes), then alias arguments, then entry objects left to right', () => {
    const unified = unify(
      arch([[['conv', 8, 1, 1, { kernel: 5 }, { kernel: 1, bias: false }], ['skip', 8, 1, 1], ['conv_k3', 8, 1, 1]]], {
        basicArgs: { activation: 'hswish', kernel: 5, widthDivisor: 8 },
      }),
      registry,
    );
    expect(unified.blocks[0]!.args).toEqual({ kernel: 1, activation: 'hswish', bias: false });
    expect(unified.blocks[1]!.args).toEqual({});
    expect(unified.blocks[2]!.args).toEqual({ kernel: 3, activation: 'relu', bias: true });
  });

  it('uses inputChannels, numClasses and head args', () => {
    const unified = unify(arch([[['conv_k3', 8, 2, 1]]], { inputChannels: 1, numClasses: 10, head: { op: 'classifier', args: {} } }), registry);
    expect(unified.blocks[0]!.inChannels).toBe(1);
    expect(unified.head.outChannels).toBe(10);
  });

  it('names the path of an unknown op, listing the known names', () => {
    expect(() => unify(arch([[['conv_k3', 8, 2, 1], ['ir_k9', 8, 1, 1]]]), registry)).toThrow(
      "stages[0][1][0]: unknown op 'ir_k9'; expected one of conv, conv_k3, conv_k1, skip, classifier",
    );
    expect(() => unify(arch([[['conv_k3', 8, 2, 1]]], { head: { op: 'fc' } }), registry)).toThrow("head.op: unknown op 'fc'");
  });

  it('names the path of an invalid or unknown argument, wherever it was written', () => {
    expect(() => unify(arch([[['conv', 8, 2, 1, {}, { kernel: 4 }]]]), registry)).toThrow(
      'stages[0][0][5].kernel: expected one of 1, 3, 5, got 4',
    );
    expect(() => unify(arch([[['conv', 8, 2, 1]]], { basicArgs: { bias: 'yes' } }), registry)).toThrow(
      'basicArgs.bias: expected true or false, got "yes"',
    );
    expect(() => unify(arch([[['skip', 8, 2, 1, { expansion: 6 }]]]), registry)).toThrow(
      "stages[0][0][4].expansion: unknown argument 'expansion'; expected no arguments",
    );
    expect(() => unify(arch([[['conv_k3', 8, 2, 1]]], { head: { op: 'classifier', args: { bias: true } } }), registry)).toThrow(
      "head.args.bias: unknown argument 'bias'",
    );
  });

  it('rejects block arguments contradicting the alias, and accepts repeating them', () => {
    expect(() => unify(arch([[['conv_k3', 8, 2, 1, { kernel: 5 }]]]), registry)).toThrow(
      "stages[0][0][4].kernel: op 'conv_k3' fixes kernel to 3; got 5 (use op 'conv' to set it freely)",
    );
    expect(unify(arch([[['conv_k3', 8, 2, 1, { kernel: 3 }]]]), registry).blocks[0]!.args).toMatchObject({ kernel: 3 });
  });

  it('validates the format first', () => {
    expect(() => unify({ ...arch([[['conv_k3', 8, -2, 1]]]) }, registry)).toThrow(
      'stages[0][0][2]: expected a positive integer stride, got -2',
    );
  });
});
