import { describe, expect, it } from 'vitest';
import { fixtureBytes } from './__fixtures__/fixtures';
import { bytesOf, legacyHeader, littleEndian } from './__fixtures__/pickle-builder';
import { detectTorchFormat } from './detect-torch-format';
import { TorchCheckpointError } from './errors';
import { OPCODES } from './pickle/opcodes';

function detectError(bytes: Uint8Array): TorchCheckpointError {
  try {
    detectTorchFormat(bytes, { source: 'weights.bin' });
  } catch (error) {
    expect(error).toBeInstanceOf(TorchCheckpointError);
    return error as TorchCheckpointError;
  }
  throw new Error('expected detectTorchFormat to throw');
}

describe('detectTorchFormat', () => {
  it('tells the zip and legacy fixtures apart', () => {
    expect(detectTorchFormat(fixtureBytes('tiny-state-dict.zip.pth'))).toBe('zip');
    expect(detectTorchFormat(fixtureBytes('tiny-state-dict.protocol4.zip.pth'))).toBe('zip');
    expect(detectTorchFormat(fixtureBytes('tiny-state-dict.legacy.pth'))).toBe('legacy');
  });

  it('recognises the magic number pickled with another protocol', () => {
    const magic = littleEndian(0x1950a86a20f9469cfc6cn, 10);
    const protocol4 = bytesOf(OPCODES.PROTO, 4, OPCODES.FRAME, ...littleEndian(13, 8), OPCODES.LONG1, 10, ...magic, OPCODES.STOP);
    expect(detectTorchFormat(protocol4)).toBe('legacy');
    const otherNumber = bytesOf(OPCODES.PROTO, 4, OPCODES.LONG1, 10, ...magic.map((byte) => byte ^ 1), OPCODES.STOP);
    expect(detectError(otherNumber).reason).toMatch(/^not a PyTorch checkpoint: starts with bytes 80 04 8a 0a/);
  });

  it('keeps the format of files cut short inside their signature', () => {
    expect(detectTorchFormat(Uint8Array.of(0x50, 0x4b, 0x03))).toBe('zip');
    expect(detectTorchFormat(legacyHeader().subarray(0, 6))).toBe('legacy');
  });

  it('names the first bytes of anything else, with the source', () => {
    const error = detectError(new TextEncoder().encode('{"weights": []}'));
    expect(error.message).toBe(
      "weights.bin: not a PyTorch checkpoint: starts with bytes 7b 22 77 65 69 67 68 74 (expected a zip archive, 50 4b 03 04, or a pickle of torch's magic number, 80 02 8a 0a 6c fc …)",
    );
    expect(detectError(new Uint8Array(0)).reason).toBe('not a PyTorch checkpoint: the file is empty');
  });

  it('names the pre-0.1.10 tar format', () => {
    const tar = new Uint8Array(1024);
    tar.set(new TextEncoder().encode('ustar'), 257);
    expect(detectError(tar).reason).toMatch(/tar format of PyTorch before 0.1.10 is not supported/);
  });
});
