import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../__fixtures__/fixtures';
import { openZipArchive } from './zip-archive';

const NAMES = ['data.pkl', 'data/0', 'data/1', 'data/2', 'data/3', 'data/4', 'data/5', 'data/6', 'version'].map(
  (name) => `tiny-state-dict.zip/${name}`,
);

describe('openZipArchive', () => {
  it('lists the entries of PyTorch, deflated and zip64-extra archives identically', () => {
    for (const name of ['tiny-state-dict.zip.pth', 'tiny-state-dict.deflate.zip.pth', 'tiny-state-dict.zip64.zip.pth']) {
      expect(openZipArchive(fixtureBytes(name), name).names).toEqual(NAMES);
    }
  });

  it('extracts the same bytes from stored, deflated and zip64-extra entries', () => {
    const stored = openZipArchive(fixtureBytes('tiny-state-dict.zip.pth'), 'stored');
    const deflated = openZipArchive(fixtureBytes('tiny-state-dict.deflate.zip.pth'), 'deflated');
    const zip64 = openZipArchive(fixtureBytes('tiny-state-dict.zip64.zip.pth'), 'zip64');
    for (const name of NAMES) {
      expect(deflated.read(name)).toEqual(stored.read(name));
      expect(zip64.read(name)).toEqual(stored.read(name));
    }
    expect(new TextDecoder().decode(stored.read('tiny-state-dict.zip/version'))).toBe('3\n');
    expect(stored.read('tiny-state-dict.zip/data/0').length).toBe(54 * 4);
  });

  it('reports a corrupt deflate stream', () => {
    const bytes = new Uint8Array(fixtureBytes('tiny-state-dict.deflate.zip.pth'));
    const archive = openZipArchive(bytes, 'deflated.pth');
    const dataAt = Buffer.from(bytes).indexOf('tiny-state-dict.zip/data/0') + 26;
    bytes.fill(0xff, dataAt, dataAt + 8);
    expect(() => archive.read('tiny-state-dict.zip/data/0')).toThrow(/^deflated.pth: corrupt zip: (cannot inflate|CRC-32 mismatch in) 'tiny-state-dict.zip\/data\/0'/);
    expect(() => archive.read('nope')).toThrow("deflated.pth: zip entry 'nope' is missing");
  });

  it('refuses zips too short to hold an end record', () => {
    expect(() => openZipArchive(Uint8Array.of(0x50, 0x4b, 3, 4), 'tiny.pth')).toThrow(
      'tiny.pth: truncated or corrupt zip: 4 bytes is too short for a zip archive',
    );
  });
});
