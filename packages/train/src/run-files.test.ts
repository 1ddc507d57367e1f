import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryFolders } from './__fixtures__/tiny-search';
import { appendJsonLine, readJsonLines, writeJsonAtomic } from './run-files';

const { folder, removeAll } = temporaryFolders('fbnas-run-files-');
afterAll(removeAll);

describe('writeJsonAtomic', () => {
  it('replaces the file whole; on a full disk it leaves the old file and no temporary', async () => {
    const dir = folder();
    const path = join(dir, 'config.json');
    await writeJsonAtomic(path, { a: 1 });
    // The temporary lands on /dev/full, where every write fails with ENOSPC.
    symlinkSync('/dev/full', `${path}.tmp-${process.pid}`);
    await expect(writeJsonAtomic(path, { a: 2 })).rejects.toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual(['config.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ a: 1 });
  });
});

describe('appendJsonLine and readJsonLines', () => {
  it('reads back every whole line', async () => {
    const path = join(folder(), 'log.jsonl');
    for (let epoch = 0; epoch < 3; epoch++) await appendJsonLine(path, { epoch, loss: 1 / (epoch + 1) });
    expect(await readJsonLines(path)).toEqual({ records: [{ epoch: 0, loss: 1 }, { epoch: 1, loss: 0.5 }, { epoch: 2, loss: 1 / 3 }], tornLastLine: false });
  });

  it('drops a torn last line and reports it; a damaged line before the last is an error naming file and line', async () => {
    const path = join(folder(), 'log.jsonl');
    writeFileSync(path, '{"epoch":0}\n\n{"epoch":1}\n{"epoch":2,"lo');
    expect(await readJsonLines(path)).toEqual({ records: [{ epoch: 0 }, { epoch: 1 }], tornLastLine: true });
    writeFileSync(path, '{"epoch":0}\n{"epoch":1}\n{"epo\n');
    expect(await readJsonLines(path)).toEqual({ records: [{ epoch: 0 }, { epoch: 1 }], tornLastLine: true });
    writeFileSync(path, '{"epoch":0}\n{"ep\n{"epoch":2}\n');
    await expect(readJsonLines(path)).rejects.toThrow(`${path}:2: not a valid JSON line`);
    await expect(readJsonLines(join(folder(), 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: cannot read/);
  });
});
