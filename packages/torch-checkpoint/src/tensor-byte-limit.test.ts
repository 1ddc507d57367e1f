import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixturePath } from './__fixtures__/fixtures';
import { legacyCheckpoint, pickle, tensorBody } from './__fixtures__/pickle-builder';
import { TorchCheckpointError } from './errors';
import { DEFAULT_MAX_TENSOR_BYTES } from './format/tensor-byte-budget';
import { readTorchCheckpoint } from './read-torch-checkpoint';
import { readTorchCheckpointFile } from './read-torch-checkpoint-file';

/** The error reading `bytes` throws, and how many bytes of array buffers the process gained meanwhile. */
function checkedError(bytes: Uint8Array, maxTensorBytes?: number): { error: TorchCheckpointError; grownBytes: number } {
  const before = process.memoryUsage().arrayBuffers;
  try {
    readTorchCheckpoint(bytes, { source: 'huge.pth', maxTensorBytes });
  } catch (error) {
    expect(error).toBeInstanceOf(TorchCheckpointError);
    return { error: error as TorchCheckpointError, grownBytes: process.memoryUsage().arrayBuffers - before };
  }
  throw new Error('expected readTorchCheckpoint to throw');
}

describe('maxTensorBytes: the bytes one checkpoint may declare', () => {
  it('defaults to 2 GiB', () => {
    expect(DEFAULT_MAX_TENSOR_BYTES).toBe(2 ** 31);
  });

  it('refuses a tiny file whose one-element storage is expanded (stride 0) to a 2^30-element float tensor, fast', () => {
    const main = pickle(...tensorBody({ elementCount: 1, shape: [2 ** 30], stride: [0] }));
    const bytes = legacyCheckpoint(main, [{ key: '0', count: 1, values: [1] }]);
    expect(bytes.length).toBeLessThan(600);
    const { error, grownBytes } = checkedError(bytes);
    expect(error.message).toMatch(
      /^huge\.pth: the checkpoint's tensors declare 4294967296 bytes \(4 GiB\) up to a float32 tensor of size \[1073741824\], more than the limit of 2147483648 bytes \(2 GiB\); raise the maxTensorBytes option to read it \(opcode/,
    );
    expect(grownBytes).toBeLessThan(64 * 1024 ** 2); // nothing near the declared 4 GiB was allocated
  });

  it('counts every tensor: many small expanded views add up', () => {
    const views = Array.from({ length: 3 }, () => tensorBody({ elementCount: 1, shape: [1024], stride: [0] }));
    const main = pickle(0x5d /* EMPTY_LIST */, 0x28 /* MARK */, ...views.flat(), 0x65 /* APPENDS */);
    const bytes = legacyCheckpoint(main, [{ key: '0', count: 1, values: [1] }]);
    expect(readTorchCheckpoint(bytes, { maxTensorBytes: 3 * 4096 })).toHaveLength(3);
    expect(checkedError(bytes, 3 * 4096 - 1).error.reason).toMatch(/tensors declare 12288 bytes \(12 KiB\) up to a float32 tensor of size \[1024\], more than the limit of 12287 bytes/);
  });

  it('refuses a legacy storage that declares more bytes than the file holds, before reading it', () => {
    const main = pickle(...tensorBody({ elementCount: 2 ** 30, shape: [4], stride: [1] }));
    const bytes = legacyCheckpoint(main, [{ key: '0', count: 2 ** 30, values: [1, 2, 3, 4] }]);
    const { error, grownBytes } = checkedError(bytes, 2 ** 40);
    expect(error.reason).toMatch(
      new RegExp(`^storage '0' \\(1073741824 float32 elements, 4294967296 bytes\\) is larger than the whole file \\(${bytes.length} bytes\\)`),
    );
    expect(grownBytes).toBeLessThan(64 * 1024 ** 2); // nothing near the declared 4 GiB was allocated
  });

  it('applies to zip checkpoints, and a limit the checkpoint fits in reads it', async () => {
    const bytes = fixtureBytes('tiny-state-dict.zip.pth');
    expect(checkedError(bytes, 64).error.reason).toMatch(/^the checkpoint's storages declare \d+ bytes \(.*\) up to storage '\d+' \(\d+ float32 elements, \d+ bytes\), more than the limit of 64 bytes \(64 bytes\); raise the maxTensorBytes option/);
    expect(readTorchCheckpoint(bytes, { maxTensorBytes: 1024 ** 2 })).toBeInstanceOf(Map);
    const path = fixturePath('tiny-state-dict.legacy.pth');
    await expect(readTorchCheckpointFile(path, { maxTensorBytes: 64 })).rejects.toThrow(`${path}: the checkpoint's storages declare`);
  });

  it('rejects a limit that is not a positive number', () => {
    expect(() => readTorchCheckpoint(fixtureBytes('tiny-state-dict.zip.pth'), { maxTensorBytes: 0 })).toThrow(/maxTensorBytes must be a positive number of bytes, got 0/);
  });
});
