import { FormatError } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { tinySpaceDefinition } from './__fixtures__/tiny-space';
import { builtinSpaceFiles } from './builtin-spaces';
import { validateSpace } from './validate-space';

/** The tiny space with one change applied. */
function withChange(change: (space: Record<string, unknown>) => void): unknown {
  const space = structuredClone(tinySpaceDefinition()) as unknown as Record<string, unknown>;
  change(space);
  return space;
}
const stages = (space: Record<string, unknown>) => space.stages as Record<string, unknown>[][];

describe('validateSpace', () => {
  it('accepts the built-in spaces and the tiny fixture', () => {
    for (const json of Object.values(builtinSpaceFiles)) expect(() => validateSpace(json)).not.toThrow();
    expect(validateSpace(tinySpaceDefinition()).name).toBe('tiny');
  });

  it.each<[string, (space: Record<string, unknown>) => void, string]>([
    ['root', () => undefined, ''],
    ['unknown key', (s) => { s.inputShape = 3; }, 'inputShape: unknown key; expected one of format, name'],
    ['format', (s) => { s.format = 'fbnas.arch/v1'; }, 'format: expected "fbnas.space/v1", got "fbnas.arch/v1"'],
    ['input size', (s) => { s.inputSize = 0; }, 'inputSize: expected a positive integer input size (pixels), got 0'],
    ['input channels', (s) => { delete s.inputChannels; }, 'inputChannels: expected a positive integer channel count, got nothing'],
    ['basic args', (s) => { s.basicArgs = [1]; }, 'basicArgs: expected an argument object'],
    ['candidates', (s) => { s.candidates = {}; }, 'candidates: expected a non-empty object'],
    ['candidate form', (s) => { (s.candidates as Record<string, unknown>).k3_e1 = 'ir_k3'; }, 'candidates.k3_e1: expected a candidate [op, {args}?], got "ir_k3"'],
    ['candidate op', (s) => { (s.candidates as Record<string, unknown>).k3_e1 = [3]; }, 'candidates.k3_e1[0]: expected an op name'],
    ['candidate args', (s) => { (s.candidates as Record<string, unknown>).k3_e1 = ['ir_k3', 1]; }, 'candidates.k3_e1[1]: expected an argument object'],
    ['candidate name', (s) => { (s.candidates as Record<string, unknown>)['k3 e1'] = ['ir_k3']; }, 'candidates["k3 e1"]: expected a candidate name'],
    ['stages', (s) => { s.stages = []; }, 'stages: expected a non-empty list of stages, got []'],
    ['entry form', (s) => { stages(s)[0]![0] = ['conv_k3', 8, 2, 1] as never; }, 'stages[0][0]: expected a stage entry'],
    ['fixed stride', (s) => { stages(s)[0]![0] = { fixed: ['conv_k3', 8, -1, 1] }; }, 'stages[0][0].fixed[2]: expected a positive integer stride, got -1'],
    ['fixed repeat', (s) => { stages(s)[0]![0] = { fixed: ['conv_k3', 8, 2, 0] }; }, 'stages[0][0].fixed[3]: expected a positive integer repeat count, got 0'],
    ['fixed extra key', (s) => { stages(s)[0]![0] = { fixed: ['conv_k3', 8, 2, 1], repeat: 2 }; }, 'stages[0][0].repeat: unknown key'],
    ['search key', (s) => { stages(s)[1]![0]!.kernel = 3; }, 'stages[1][0].kernel: unknown key; expected one of search, outChannels'],
    ['group name', (s) => { stages(s)[1]![0]!.search = '1a'; }, 'stages[1][0].search: expected a group name'],
    ['group width', (s) => { stages(s)[1]![1]!.outChannels = 1.5; }, 'stages[1][1].outChannels: expected a positive integer channel count, got 1.5'],
    ['unknown candidate', (s) => { stages(s)[1]![0]!.candidates = ['k3_e1', 'k7_e9']; }, 'stages[1][0].candidates[1]: expected one of the candidates k3_e1, k3_e1_g2, k5_e3, skip, got "k7_e9"'],
    ['twice', (s) => { stages(s)[1]![0]!.candidates = ['skip', 'skip']; }, "stages[1][0].candidates[1]: candidate 'skip' is listed twice"],
    ['empty list', (s) => { stages(s)[1]![0]!.candidates = []; }, 'stages[1][0].candidates: expected a non-empty list of candidate names, got []'],
    ['duplicate ids', (s) => { stages(s)[1]![1]!.search = 'a'; }, "stages[1][1].search: layer id 'a_0' is already used by the group at stages[1][0]"],
    ['no search', (s) => { stages(s)[1] = [{ fixed: ['skip', 8, 1, 1] }]; }, 'stages: expected at least one searchable group'],
    ['head', (s) => { s.head = { op: 'classifier', bias: true }; }, 'head.bias: unknown key; expected one of op, args'],
  ])('names the path: %s', (_name, change, message) => {
    const value = _name === 'root' ? 'not a space' : withChange(change);
    const call = () => validateSpace(value);
    expect(call).toThrow(FormatError);
    expect(call).toThrow(message === '' ? '(root): expected an fbnas.space/v1 object, got "not a space"' : message);
  });
});
