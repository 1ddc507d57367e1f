import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedValues, fixtureBytes } from './__fixtures__/fixtures';
import { bytesOf, global, legacyCheckpoint, legacyHeader, pickle, unicode } from './__fixtures__/pickle-builder';
import { TorchCheckpointError } from './errors';
import { OPCODES } from './pickle/opcodes';
import { readTorchCheckpoint } from './read-torch-checkpoint';

/** The error reading `bytes` throws (failing the test if it does not throw one). */
function readError(bytes: Uint8Array, source = 'model.pth'): TorchCheckpointError {
  try {
    readTorchCheckpoint(bytes, { source });
  } catch (error) {
    expect(error).toBeInstanceOf(TorchCheckpointError);
    expect((error as TorchCheckpointError).source).toBe(source);
    expect((error as Error).message.startsWith(`${source}: `)).toBe(true);
    return error as TorchCheckpointError;
  }
  throw new Error('expected readTorchCheckpoint to throw');
}

/** A copy of `bytes` with every occurrence of `from` replaced by `to` (same length). */
function replaceText(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  expect(text.includes(from)).toBe(true);
  return Buffer.from(text.split(from).join(to), 'latin1');
}

describe('readTorchCheckpoint errors', () => {
  it.each(['tiny-state-dict.zip.pth', 'tiny-state-dict.legacy.pth', 'tensor-zoo.legacy.pth'])(
    '%s cut short anywhere fails with a truncation error, never a partial result',
    (name) => {
      const bytes = fixtureBytes(name);
      const cuts = [1, 2, 10, 15, 40, 200, Math.floor(bytes.length / 2), bytes.length - 30, bytes.length - 1];
      for (const cut of cuts) {
        expect(readError(bytes.subarray(0, cut)).reason, `cut at ${cut}`).toMatch(/truncated/);
      }
    },
  );

  it('names the byte and what was being read when a legacy file is truncated', () => {
    const bytes = fixtureBytes('tiny-state-dict.legacy.pth');
    const error = readError(bytes.subarray(0, bytes.length - 5));
    expect(error.reason).toMatch(new RegExp(`^truncated at byte ${bytes.length - 5} while reading storage '\\d+'`));
  });

  it('refuses random garbage and empty files as not a PyTorch checkpoint', () => {
    const garbage = Uint8Array.from({ length: 512 }, (_, index) => (index * 131 + 7) % 251);
    expect(readError(garbage).reason).toMatch(/^not a PyTorch checkpoint: starts with bytes 07 8a 12 95 1d a0 28 ab \(expected a zip archive/);
    expect(readError(new Uint8Array(0)).reason).toBe('not a PyTorch checkpoint: the file is empty');
    expect(readError(new TextEncoder().encode('<!DOCTYPE html>')).reason).toMatch(/starts with bytes 3c 21 44 4f/);
  });

  it('reports a broken end of central directory record', () => {
    const bytes = new Uint8Array(fixtureBytes('tiny-state-dict.deflate.zip.pth'));
    const end = bytes.length - 22;
    expect(bytes[end]).toBe(0x50);
    bytes[end] = 0;
    expect(readError(bytes).reason).toMatch(/^truncated or corrupt zip: no end of central directory record/);
  });

  it('reports a bad local header signature and a bad central directory signature', () => {
    const original = fixtureBytes('tiny-state-dict.zip.pth');
    const storageHeaderAt = Buffer.from(original).indexOf('tiny-state-dict.zip/data/0') - 30;
    expect(Buffer.from(original).readUInt32LE(storageHeaderAt)).toBe(0x04034b50);
    const badLocal = new Uint8Array(original);
    badLocal[storageHeaderAt + 2] = 0x09;
    expect(readError(badLocal).reason).toMatch(/^corrupt zip: bad local header signature for 'tiny-state-dict.zip\/data\/0' at byte \d+/);
    const centralAt = Buffer.from(original).lastIndexOf('PK\u0001\u0002', undefined, 'latin1');
    const badCentral = new Uint8Array(original);
    badCentral[centralAt + 3] = 0x09;
    expect(readError(badCentral).reason).toMatch(/^corrupt zip: bad central directory header signature at byte \d+/);
  });

  it('refuses a zip whose first bytes are not a local header as not a checkpoint', () => {
    const bytes = new Uint8Array(fixtureBytes('tiny-state-dict.zip.pth'));
    bytes[0] = 0x51;
    expect(readError(bytes).reason).toMatch(/^not a PyTorch checkpoint: starts with bytes 51 4b 03 04/);
  });

  it('detects a flipped storage byte through the CRC', () => {
    const bytes = new Uint8Array(fixtureBytes('tiny-state-dict.zip.pth'));
    const weightsAt = Buffer.from(bytes).indexOf('tiny-state-dict.zip/data/0');
    // the storage starts after the 26-byte name and its padding extra field: flip a byte well inside it
    bytes[weightsAt + 26 + 100]! ^= 0x01;
    expect(readError(bytes).reason).toMatch(/^corrupt zip: CRC-32 mismatch in 'tiny-state-dict.zip\/data\/0'/);
  });

  it('reports a missing data.pkl and a missing storage file', () => {
    const original = fixtureBytes('tiny-state-dict.zip.pth');
    expect(readError(replaceText(original, 'zip/data.pkl', 'zip/data.pkX')).reason).toMatch(
      /^corrupt checkpoint zip: 'tiny-state-dict.zip\/data.pkl' is missing \(entries: 'tiny-state-dict.zip\/data.pkX'/,
    );
    expect(readError(replaceText(original, 'zip/data/3', 'zip/data/9')).reason).toBe(
      "corrupt checkpoint zip: storage file 'tiny-state-dict.zip/data/3' is missing",
    );
  });

  it.each([
    ['storage-size-mismatch.zip.pth', /^storage size mismatch: 'tiny-state-dict.zip\/data\/0' holds 212 bytes, the pickle expects 216/],
    ['storage-size-mismatch.legacy.pth', /^storage size mismatch: storage '\d+' holds 4 elements in the file, the pickle expects 3/],
  ])('%s: reports the storage size mismatch', (name, message) => {
    expect(readError(fixtureBytes(name), name).reason).toMatch(message);
  });

  it.each([
    ['malicious-os-system.legacy.pth', 'os.system'],
    ['malicious-eval.zip.pth', 'builtins.eval'],
    ['malicious-popen.zip.pth', 'subprocess.Popen'],
  ])('%s: refuses the global %s and runs nothing', (name, dotted) => {
    const { marker } = expectedValues();
    rmSync(marker, { force: true });
    const error = readError(fixtureBytes(name), name);
    expect(error.message).toContain(`${name}: unsafe pickle: global '${dotted}' is not allowed (allowed: `);
    expect(error.reason).toContain('collections.OrderedDict');
    expect(existsSync(marker)).toBe(false);
  });

  it('reports an unknown opcode in hex with its position', () => {
    const bytes = bytesOf(legacyHeader(), pickle(OPCODES.EMPTY_DICT, 0xff));
    expect(readError(bytes).reason).toBe(`unknown pickle opcode (opcode 0xff at byte ${legacyHeader().length + 3})`);
  });

  it('refuses a legacy checkpoint that pickles a whole nn.Module', () => {
    const main = pickle(OPCODES.MARK, ...unicode('module'), ...global('torch.nn', 'Linear'), OPCODES.TUPLE, OPCODES.BINPERSID);
    expect(readError(legacyCheckpoint(main, [])).reason).toMatch(/^unsafe pickle: global 'torch.nn.Linear'/);
    const idOnly = pickle(OPCODES.MARK, ...unicode('module'), ...unicode('Linear'), OPCODES.TUPLE, OPCODES.BINPERSID);
    expect(readError(legacyCheckpoint(idOnly, [])).reason).toMatch(/pickles a whole nn.Module/);
  });
});
