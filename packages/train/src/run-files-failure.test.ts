import * as fs from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { temporaryFolders } from './__fixtures__/tiny-search';
import { loadNamedTensors, saveNamedTensors } from './named-tensors-file';
import { appendJsonLine, readJsonLines } from './run-files';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, writeFile: vi.fn(actual.writeFile), open: vi.fn(actual.open) };
});

const { folder, removeAll } = temporaryFolders('fbnas-full-disk-');
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(removeAll);

const noSpace = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('on a full disk', () => {
  it('saveNamedTensors removes its temporary folder and keeps the previous checkpoint', async () => {
    const dir = folder();
    const path = join(dir, 'checkpoint');
    await saveNamedTensors(path, { a: tf.tensor1d([1, 2]) }, { epoch: 1 });
    vi.mocked(fs.writeFile).mockImplementationOnce(() => Promise.reject(noSpace()));
    await expect(saveNamedTensors(path, { a: tf.tensor1d([3, 4]) }, { epoch: 2 })).rejects.toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual(['checkpoint']);
    const { tensors, state } = await loadNamedTensors<{ epoch: number }>(path);
    expect(state.epoch).toBe(1);
    expect(Array.from(tensors.a!.dataSync())).toEqual([1, 2]);
  });

  it('appendJsonLine undoes a short write: the log never ends in part of a line', async () => {
    const path = join(folder(), 'log.jsonl');
    await appendJsonLine(path, { epoch: 0 });
    vi.mocked(fs.open).mockImplementationOnce(async (...args: Parameters<typeof fs.open>) => {
      const handle = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises').then((actual) => actual.open(...args));
      const write = handle.write.bind(handle) as (buffer: Buffer, offset: number, length: number, position: null) => Promise<{ bytesWritten: number }>;
      // The disk fills after 5 bytes of the line.
      (handle as unknown as { write: typeof write }).write = async (buffer, offset, length, position) => {
        await write(buffer, offset, 5, position);
        throw noSpace();
      };
      return handle;
    });
    await expect(appendJsonLine(path, { epoch: 1, loss: 0.5 })).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe('{"epoch":0}\n');
    await appendJsonLine(path, { epoch: 1 });
    expect(await readJsonLines(path)).toEqual({ records: [{ epoch: 0 }, { epoch: 1 }], tornLastLine: false });
    expect(existsSync(`${path}.tmp-${process.pid}`)).toBe(false);
  });
});
