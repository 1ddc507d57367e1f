import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunMismatchError } from './run-errors';
import { openRunConfig } from './run-folder';

const root = mkdtempSync(join(tmpdir(), 'fbnas-run-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const configIn = (): string => join(mkdtempSync(join(root, `run-${folders++}-`)), 'config.json');
const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('openRunConfig', () => {
  it('writes config.json in a fresh folder: the determining inputs and the extra fields', async () => {
    const path = configIn();
    const opened = await openRunConfig(path, { search: { seed: 1 }, inputs: { spec: 'embedded' } }, { extra: { version: '1.0.0' } });
    expect(opened.saved).toBeNull();
    expect(read(path)).toEqual({ search: { seed: 1 }, inputs: { spec: 'embedded' }, version: '1.0.0' });
  });

  it('re-opens with the same inputs, comparing the determining inputs only and leaving the file as it was', async () => {
    const path = configIn();
    await openRunConfig(path, { search: { seed: 1 } }, { extra: { version: '1.0.0' } });
    const opened = await openRunConfig(path, { search: { seed: 1 } }, { extra: { version: '1.0.1' } });
    expect(opened.saved).toEqual({ search: { seed: 1 }, version: '1.0.0' });
    await opened.write();
    expect(read(path)).toEqual({ search: { seed: 1 }, version: '1.0.0' });
  });

  it('refuses other determining inputs with an error naming the file and the field', async () => {
    const path = configIn();
    await openRunConfig(path, { search: { seed: 1 }, inputs: { spec: 'embedded' } });
    const reopening = openRunConfig(path, { search: { seed: 1 }, inputs: { spec: 'fashion-mnist' } });
    await expect(reopening).rejects.toThrow(RunMismatchError);
    await expect(reopening).rejects.toThrow(
      `${path}: this run folder was started with inputs.spec = "embedded"; now "fashion-mnist". Resume with the same inputs, or use a new --out`,
    );
    await expect(reopening).rejects.toMatchObject({ file: path, field: 'inputs.spec', saved: 'embedded', given: 'fashion-mnist' });
    expect(read(path)).toEqual({ search: { seed: 1 }, inputs: { spec: 'embedded' } });
  });

  it('with write "later" writes only when write() is called; with "never" only checks', async () => {
    const later = configIn();
    const opened = await openRunConfig(later, { seed: 1 }, { extra: { note: 'a' }, write: 'later' });
    expect(existsSync(later)).toBe(false);
    await opened.write();
    expect(read(later)).toEqual({ seed: 1, note: 'a' });

    const never = configIn();
    await (await openRunConfig(never, { seed: 1 }, { write: 'never' })).write();
    expect(existsSync(never)).toBe(false);
    await openRunConfig(later, { seed: 1 }, { write: 'never' });
    await expect(openRunConfig(later, { seed: 2 }, { write: 'never' })).rejects.toThrow(`${later}: this run folder was started with seed = 1; now 2`);
  });

  it('starting over neither reads nor compares the saved config.json, and overwrites it', async () => {
    const path = configIn();
    await openRunConfig(path, { seed: 1 }, { extra: { note: 'first' } });
    const opened = await openRunConfig(path, { seed: 2 }, { startOver: true, write: 'later' });
    expect(opened.saved).toBeNull();
    expect(read(path)).toEqual({ seed: 1, note: 'first' });
    await opened.write();
    expect(read(path)).toEqual({ seed: 2 });
  });

  it('compares a field an older config.json lacks as its declared default: resumes under it, refuses any other', async () => {
    const path = configIn();
    // A folder written before `search.mix` existed.
    await openRunConfig(path, { search: { seed: 1 } });
    const defaults = { search: { mix: 0 }, added: { on: false } };
    const opened = await openRunConfig(path, { search: { seed: 1, mix: 0 }, added: { on: false } }, { defaults });
    expect(opened.saved).toEqual({ search: { seed: 1 } });
    expect(read(path)).toEqual({ search: { seed: 1 } });
    await expect(openRunConfig(path, { search: { seed: 1, mix: 0.5 } }, { defaults })).rejects.toThrow(
      `${path}: this run folder was started with search.mix = 0; now 0.5`,
    );
    // Without the default the missing field is a difference, as before.
    await expect(openRunConfig(path, { search: { seed: 1, mix: 0 } })).rejects.toThrow(RunMismatchError);
    // A saved value wins over the default.
    const newer = configIn();
    await openRunConfig(newer, { search: { seed: 1, mix: 0.5 } });
    await openRunConfig(newer, { search: { seed: 1, mix: 0.5 } }, { defaults });
    await expect(openRunConfig(newer, { search: { seed: 1, mix: 0 } }, { defaults })).rejects.toThrow('search.mix = 0.5; now 0');
  });
});
