/** Invalid architecture documents fail with errors that name the JSON path and the expected form. */
import { countArch, unify, type ArchDefinition } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { loadArchitecture } from './builtin-zoo';

const registry = createBuiltinOpSpecRegistry();

/** fbnet_a with one change. */
function fbnetA(change: (arch: ArchDefinition & Record<string, unknown>) => void): ArchDefinition {
  const arch = loadArchitecture('fbnet_a') as ArchDefinition & Record<string, unknown>;
  change(arch);
  return arch;
}

describe('invalid architectures', () => {
  it.each<[string, (arch: ArchDefinition & Record<string, unknown>) => void, string]>([
    ['negative stride', (arch) => (arch.stages[3]![1]![2] = -1), 'stages[3][1][2]: expected a positive integer stride, got -1'],
    ['fractional channels', (arch) => (arch.stages[2]![0]![1] = 24.5), 'stages[2][0][1]: expected a positive integer channel count, got 24.5'],
    ['unknown top-level key', (arch) => (arch.widthMultiplier = 1), 'widthMultiplier: unknown key; expected one of format,'],
    ['wrong format', (arch) => ((arch as Record<string, unknown>).format = 'mobile-vision'), 'format: expected "fbnas.arch/v1", got "mobile-vision"'],
    ['unknown op', (arch) => (arch.stages[4]![2]![0] = 'ir_k7_g4'), "stages[4][2][0]: unknown op 'ir_k7_g4'; expected one of conv, conv_k3,"],
    ['misspelt argument', (arch) => (arch.stages[2]![0]![4] = { expansoin: 3 }), "stages[2][0][4].expansoin: unknown argument 'expansoin'; expected one of kernel, expansion,"],
    ['invalid expansion', (arch) => (arch.stages[2]![0]![4] = { expansion: 0 }), 'stages[2][0][4].expansion: expected a positive number, got 0'],
    ['invalid basic argument', (arch) => (arch.basicArgs = { widthDivisor: 0 }), 'basicArgs.widthDivisor: expected a positive integer, got 0'],
    ['contradicting alias', (arch) => (arch.stages[2]![0]![4] = { expansion: 3, kernel: 5 }), "stages[2][0][4].kernel: op 'ir_k3' fixes kernel to 3; got 5"],
    ['unknown head', (arch) => (arch.head = { op: 'linear' }), "head.op: unknown op 'linear'"],
  ])('%s', (_case, change, message) => {
    expect(() => unify(fbnetA(change), registry)).toThrow(message);
  });

  it('names the block whose plan does not fit (groups not dividing the width)', () => {
    const arch = fbnetA((a) => (a.stages[4]![2]![4] = { expansion: 1, pwlGroups: 3 }));
    expect(() => countArch(arch, registry)).toThrow(
      "backbone.stages.xif4_2 (stages[4][2], op 'ir_k5_g2'): layers[0].body[4] (pwl.conv).groups: expected a group count dividing 64 and 64 channels, got 3",
    );
  });

  it('rejects ir_pool with a stride at its block', () => {
    const arch = loadArchitecture('FBNetV2_F1');
    arch.stages[6]![0]![2] = 2;
    expect(() => countArch(arch, registry)).toThrow("backbone.stages.xif6_0 (stages[6][0], op 'ir_pool_hs'): ir_pool: expected stride 1");
  });
});
