import { describe, expect, it } from 'vitest';
import { expectedValues, expectTensorDict, fixturePath } from './__fixtures__/fixtures';
import { readTorchCheckpointFile } from './read-torch-checkpoint-file';

describe('readTorchCheckpointFile', () => {
  it('reads a checkpoint from disk', async () => {
    expectTensorDict(await readTorchCheckpointFile(fixturePath('tiny-state-dict.legacy.pth')), expectedValues().tinyStateDict);
  });

  it('names the path when the file cannot be read', async () => {
    const path = fixturePath('no-such-checkpoint.pth');
    await expect(readTorchCheckpointFile(path)).rejects.toThrow(`${path}: cannot read the file: ENOENT`);
  });

  it('names the path when the checkpoint is unsafe', async () => {
    const path = fixturePath('malicious-eval.zip.pth');
    await expect(readTorchCheckpointFile(path)).rejects.toThrow(`${path}: unsafe pickle: global 'builtins.eval' is not allowed`);
  });
});
