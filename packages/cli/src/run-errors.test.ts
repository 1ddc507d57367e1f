import { describe, expect, it } from 'vitest';
import { CliError } from './cli-io';
import { explainRunError, flagOfField } from './run-errors';

describe('explainRunError', () => {
  it('maps config fields to the flags that set them', () => {
    expect(flagOfField('inputs.data.spec')).toBe('--data');
    expect(flagOfField('inputs.data.trainImages')).toBe('--train-images');
    expect(flagOfField('search.loss.beta')).toBe('--beta');
    expect(flagOfField('train.epochs')).toBe('--epochs');
    expect(flagOfField('metadata.date')).toBeUndefined();
  });

  it('rephrases a run mismatch in flags, and passes other errors through', () => {
    const mismatch = Object.assign(new Error('runs/a/config.json: this run folder was started with inputs.data.spec = "embedded"'), {
      name: 'RunMismatchError', field: 'inputs.data.spec', saved: 'embedded', given: 'fashion-mnist',
    });
    const explained = explainRunError(mismatch) as CliError;
    expect(explained).toBeInstanceOf(CliError);
    expect(explained.message).toBe('runs/a/config.json: this run folder was started with --data "embedded" (inputs.data.spec); this command gives "fashion-mnist". Re-run with the same flags to resume, or use another --out.');
    const other = new Error('disk full');
    expect(explainRunError(other)).toBe(other);
  });
});
