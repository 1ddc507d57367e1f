import { describe, expect, expectTypeOf, it } from 'vitest';
import { booleanArg, choiceArg, parseArgsWith, positiveIntegerArg, positiveNumberArg } from './args-schema';

const schema = {
  kernel: choiceArg([3, 5, 7], 3),
  activation: choiceArg(['relu', 'hswish'], 'relu'),
  expansion: positiveNumberArg(6),
  groups: positiveIntegerArg(1),
  bias: booleanArg(false),
};

describe('parseArgsWith', () => {
  it('applies defaults and keeps given values, typed', () => {
    const args = parseArgsWith(schema, { kernel: 5, expansion: 5.4566 }, { path: 'stages[1][0]' });
    expect(args).toEqual({ kernel: 5, activation: 'relu', expansion: 5.4566, groups: 1, bias: false });
    expectTypeOf(args.kernel).toEqualTypeOf<3 | 5 | 7>();
    expectTypeOf(args.activation).toEqualTypeOf<'relu' | 'hswish'>();
  });

  it('names the path and the expected form of an invalid value', () => {
    expect(() => parseArgsWith(schema, { kernel: 4 }, { path: 'stages[1][0]' })).toThrow(
      'stages[1][0].kernel: expected one of 3, 5, 7, got 4',
    );
    expect(() => parseArgsWith(schema, { activation: 'gelu' }, { path: 'x' })).toThrow(
      'x.activation: expected one of "relu", "hswish", got "gelu"',
    );
    expect(() => parseArgsWith(schema, { expansion: -1 }, { path: 'x' })).toThrow('expected a positive number, got -1');
    expect(() => parseArgsWith(schema, { groups: 1.5 }, { path: 'x' })).toThrow('expected a positive integer, got 1.5');
    expect(() => parseArgsWith(schema, { bias: 'yes' }, { path: 'x' })).toThrow('x.bias: expected true or false');
  });

  it('rejects unknown keys, listing the known ones', () => {
    expect(() => parseArgsWith(schema, { kernal: 3 }, { path: 'stages[0][2][4]' })).toThrow(
      "stages[0][2][4].kernal: unknown argument 'kernal'; expected one of kernel, activation, expansion, groups, bias",
    );
    expect(() => parseArgsWith({}, { bias: true }, { path: 'head' })).toThrow(
      "head.bias: unknown argument 'bias'; expected no arguments",
    );
  });

  it('reports keys at the path given by the context', () => {
    const keyPath = (key: string) => (key === 'groups' ? 'basicArgs.groups' : `stages[0][0][4].${key}`);
    expect(() => parseArgsWith(schema, { groups: 0 }, { path: 'stages[0][0]', keyPath })).toThrow(
      'basicArgs.groups: expected a positive integer, got 0',
    );
  });
});
