import { describe, expect, it } from 'vitest';
import { validateArch } from './validate-arch';

const valid = {
  format: 'fbnas.arch/v1',
  name: 'tiny',
  inputSize: 32,
  basicArgs: { widthDivisor: 8 },
  stages: [[['conv_k3', 8, 2, 1]], [['skip', 8, 1, 2, { a: 1 }, { b: [1, 2] }]]],
  head: { op: 'classifier' },
};

/** A copy of `valid` with one change. */
function withChange(change: (arch: Record<string, unknown>) => void): unknown {
  const arch = structuredClone(valid) as Record<string, unknown>;
  change(arch);
  return arch;
}

describe('validateArch', () => {
  it('accepts a valid document and returns it', () => {
    expect(validateArch(valid)).toBe(valid);
  });

  it.each([
    ['not an object', [], '(root): expected an fbnas.arch/v1 object, got []'],
    ['wrong format', withChange((a) => (a.format = 'fbnas.arch/v2')), 'format: expected "fbnas.arch/v1", got "fbnas.arch/v2"'],
    ['unknown key', withChange((a) => (a.blocks = [])), 'blocks: unknown key; expected one of format, name,'],
    ['empty name', withChange((a) => (a.name = '')), 'name: expected a non-empty string, got ""'],
    ['bad input size', withChange((a) => (a.inputSize = 22.5)), 'inputSize: expected a positive integer input size (pixels), got 22.5'],
    ['bad class count', withChange((a) => (a.numClasses = 0)), 'numClasses: expected a positive integer class count, got 0'],
    ['bad basicArgs', withChange((a) => (a.basicArgs = [1])), 'basicArgs: expected an argument object'],
    ['non-JSON arg', withChange((a) => (a.basicArgs = { x: Number.NaN })), 'basicArgs.x: expected a finite number (JSON), got NaN'],
    ['no stages', withChange((a) => (a.stages = [])), 'stages: expected a non-empty list of stages, got []'],
    ['empty stage', withChange((a) => ((a.stages as unknown[])[1] = [])), 'stages[1]: expected a non-empty list of block entries, got []'],
    ['short entry', withChange((a) => ((a.stages as unknown[][])[0]![0] = ['conv_k3', 8, 2])), 'stages[0][0]: expected a block entry [op, outChannels, stride, repeat, {args}...], got ["conv_k3",8,2]'],
    ['bad op', withChange((a) => ((a.stages as unknown[][][])[0]![0]![0] = 3)), 'stages[0][0][0]: expected an op name (non-empty string), got 3'],
    ['bad channels', withChange((a) => ((a.stages as unknown[][][])[1]![0]![1] = '8')), 'stages[1][0][1]: expected a positive integer channel count, got "8"'],
    ['bad stride', withChange((a) => ((a.stages as unknown[][][])[1]![0]![2] = -1)), 'stages[1][0][2]: expected a positive integer stride, got -1'],
    ['bad repeat', withChange((a) => ((a.stages as unknown[][][])[1]![0]![3] = -2)), 'stages[1][0][3]: expected a non-negative integer repeat count, got -2'],
    ['bad args', withChange((a) => ((a.stages as unknown[][][])[1]![0]![5] = 'e6')), 'stages[1][0][5]: expected an argument object {"name": value, ...}, got "e6"'],
    ['nested non-JSON', withChange((a) => ((a.stages as unknown[][][])[1]![0]![5] = { b: [1, Infinity] })), 'stages[1][0][5].b[1]: expected a finite number (JSON), got Infinity'],
    ['bad head', withChange((a) => (a.head = 'classifier')), 'head: expected an object {"op": name, "args"?: {...}}, got "classifier"'],
    ['head key', withChange((a) => (a.head = { op: 'classifier', dropout: 0.2 })), 'head.dropout: unknown key; expected one of op, args'],
  ])('%s', (_case, arch, message) => {
    expect(() => validateArch(arch)).toThrow(message);
  });

  it('allows repeat 0 and a missing head, inputChannels and numClasses', () => {
    const arch = withChange((a) => {
      delete a.head;
      (a.stages as unknown[][][])[1]![0]![3] = 0;
    });
    expect(() => validateArch(arch)).not.toThrow();
  });
});
