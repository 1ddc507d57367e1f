import { describe, expect, it } from 'vitest';
import { childPath, describeValue, expectedError, FormatError } from './format-error';

describe('FormatError', () => {
  it('prefixes the message with the path and keeps both parts', () => {
    const error = expectedError('stages[3][1][2]', 'a positive integer stride', -1);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toBe('stages[3][1][2]: expected a positive integer stride, got -1');
    expect(error.path).toBe('stages[3][1][2]');
    expect(error.detail).toBe('expected a positive integer stride, got -1');
  });

  it('describes values briefly', () => {
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue('relu')).toBe('"relu"');
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue({ list: Array.from({ length: 40 }, (_, index) => index) })).toMatch(/^\{"list":\[0,1,.*\.\.\.$/);
  });

  it('builds JSON paths', () => {
    expect(childPath('', 'stages')).toBe('stages');
    expect(childPath('basicArgs', 'widthDivisor')).toBe('basicArgs.widthDivisor');
    expect(childPath('stages[0][0][4]', 'odd key')).toBe('stages[0][0][4]["odd key"]');
  });
});
