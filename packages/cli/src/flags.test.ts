import { describe, expect, it } from 'vitest';
import { CliError } from './cli-io';
import { checkFlag, FLAGS } from './flags';
import { COMMANDS } from './commands';

const message = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('checkFlag', () => {
  it('parses integers and numbers in range', () => {
    expect(checkFlag('train', 'epochs', '3')).toBe(3);
    expect(checkFlag('search', 'target-macs', '8e5')).toBe(800000);
    expect(checkFlag('search', 'beta', '0')).toBe(0);
    expect(checkFlag('search', 'mode', 'all')).toBe('all');
    expect(checkFlag('search', 'json', true)).toBe(true);
  });

  it('rejects non-integers, out-of-range values, non-numbers and empty text, naming command and flag', () => {
    expect(message(() => checkFlag('train', 'epochs', '1.5'))).toMatch(/^fbnas train: --epochs expects an integer from 1 to 100000, got '1.5'/);
    expect(message(() => checkFlag('train', 'epochs', '0'))).toMatch(/--epochs expects an integer from 1/);
    expect(message(() => checkFlag('train', 'batch-size', '0x10'))).toMatch(/--batch-size expects an integer/);
    expect(message(() => checkFlag('search', 'alpha', '0'))).toMatch(/--alpha expects a number greater than 0 and at most 1000, got '0'/);
    expect(message(() => checkFlag('search', 'alpha', 'Infinity'))).toMatch(/--alpha expects a number/);
    expect(message(() => checkFlag('search', 'seed', '4294967296'))).toMatch(/--seed expects an integer from 0 to 4294967295/);
    expect(message(() => checkFlag('search', 'out', ''))).toMatch(/--out expects a value \(DIR\)/);
    expect(message(() => checkFlag('search', 'mode', 'some'))).toMatch(/--mode expects one of sampled, all, got 'some'/);
  });

  it('applies a command’s narrower range', () => {
    expect(message(() => checkFlag('latency validate', 'samples', '1', { min: 2 }))).toMatch(/--samples expects an integer from 2/);
  });

  it('every command’s flags are known flags', () => {
    for (const command of COMMANDS) for (const flag of Object.keys(command.flags)) expect(FLAGS).toHaveProperty(flag);
  });
});
