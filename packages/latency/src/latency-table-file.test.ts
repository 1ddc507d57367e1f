import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpace } from '@fbnas/search-space';
import { afterAll, describe, expect, it } from 'vitest';
import { tinySpace, tinyTable } from './__fixtures__/tiny-space';
import { loadLatencyTable, saveLatencyTable } from './latency-table-file';

const folder = mkdtempSync(join(tmpdir(), 'fbnas-latency-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('saveLatencyTable / loadLatencyTable', () => {
  it('round-trips through a file written atomically, creating the folder', async () => {
    const file = join(folder, 'nested', 'tiny.lut.json');
    await saveLatencyTable(file, tinyTable());
    await saveLatencyTable(file, tinyTable()); // replaces
    expect(readdirSync(join(folder, 'nested'))).toEqual(['tiny.lut.json']); // no temporary file left
    expect(await loadLatencyTable(file, tinySpace())).toEqual(tinyTable());
  });

  it('writes nothing for an invalid table', async () => {
    const file = join(folder, 'invalid.lut.json');
    await expect(saveLatencyTable(file, { ...tinyTable(), batchSize: -1 })).rejects.toThrow('batchSize: expected a positive integer');
    expect(readdirSync(folder)).not.toContain('invalid.lut.json');
  });

  it('names the file for bad JSON, invalid tables and other spaces', async () => {
    const broken = join(folder, 'broken.lut.json');
    writeFileSync(broken, '{"format": ');
    await expect(loadLatencyTable(broken)).rejects.toThrow(`${broken}: not valid JSON`);
    const invalid = join(folder, 'unit.lut.json');
    writeFileSync(invalid, JSON.stringify({ ...tinyTable(), unit: 'ms' }));
    await expect(loadLatencyTable(invalid)).rejects.toThrow(`${invalid}: unit: expected one of "us", "macs", got "ms"`);
    const file = join(folder, 'tiny.lut.json');
    await saveLatencyTable(file, tinyTable());
    const other = parseSpace({ ...tinySpace().definition, name: 'other' });
    await expect(loadLatencyTable(file, other)).rejects.toThrow(`${file}: space.name: expected the table of space 'other'`);
  });
});
