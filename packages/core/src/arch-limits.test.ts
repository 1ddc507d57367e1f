import { describe, expect, it } from 'vitest';
import type { ArchDefinition } from './arch-definition';
import { assertArchWithinLimits, DEFAULT_ARCH_LIMITS } from './arch-limits';
import { validateArch } from './validate-arch';

const base = (): ArchDefinition => ({
  format: 'fbnas.arch/v1',
  name: 'tiny',
  inputSize: 32,
  stages: [[['conv_k3', 8, 2, 1]], [['skip', 8, 1, 2]]],
});

describe('assertArchWithinLimits', () => {
  it('accepts an architecture within the defaults', () => {
    expect(() => assertArchWithinLimits(base())).not.toThrow();
  });

  it.each([
    ['repeat', (a: ArchDefinition) => (a.stages[1]![0]![3] = 100_000), 'stages[1][0][3]: repeat 100000 exceeds the limit 64 (limits.maxRepeat)'],
    ['channels', (a: ArchDefinition) => (a.stages[0]![0]![1] = 10_000), 'stages[0][0][1]: channel count 10000 exceeds the limit 8192 (limits.maxChannels)'],
    ['input channels', (a: ArchDefinition) => (a.inputChannels = 9000), 'inputChannels: channel count 9000 exceeds the limit 8192 (limits.maxChannels)'],
    ['input size', (a: ArchDefinition) => (a.inputSize = 4096), 'inputSize: input size 4096 exceeds the limit 1024 (limits.maxInputSize)'],
    ['classes', (a: ArchDefinition) => (a.numClasses = 1_000_000), 'numClasses: class count 1000000 exceeds the limit 100000 (limits.maxClasses)'],
    ['blocks', (a: ArchDefinition) => (a.stages = Array.from({ length: 20 }, () => [['skip', 8, 1, 60]])), 'stages: 1200 blocks after repeats exceed the limit 1000 (limits.maxBlocks)'],
  ])('names the field, the limit and the option: %s', (_case, change, message) => {
    const arch = base();
    change(arch);
    expect(() => assertArchWithinLimits(arch)).toThrow(message);
    // validateArch applies the same limits.
    expect(() => validateArch(arch)).toThrow(message);
  });

  it('raises a limit when it is given, and keeps the defaults for the others', () => {
    const arch = base();
    arch.stages[1]![0]![3] = 100;
    expect(() => validateArch(arch, { limits: { maxRepeat: 100 } })).not.toThrow();
    expect(() => validateArch({ ...arch, inputSize: 2048 }, { limits: { maxRepeat: 100 } })).toThrow('(limits.maxInputSize)');
    expect(() => assertArchWithinLimits({ ...arch, inputSize: 2048 }, { maxRepeat: 100, maxInputSize: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(DEFAULT_ARCH_LIMITS.maxRepeat).toBe(64);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => assertArchWithinLimits(base(), { maxBlocks: 0 })).toThrow('limits.maxBlocks: expected a positive integer (or Infinity), got 0');
  });
});
