import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fileSystemIO } from './file-system-io';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, writeFile: vi.fn(actual.writeFile) };
});

const folder = mkdtempSync(join(tmpdir(), 'fbnas-io-failure-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const artifacts = (byte: number): io.ModelArtifacts => ({
  modelTopology: { class_name: 'Model' },
  weightSpecs: [{ name: 'w', shape: [4], dtype: 'float32' }],
  weightData: new Float32Array([byte, byte, byte, byte]).buffer,
});

describe('fileSystemIO save on a full disk', () => {
  it('removes its temporary folder and keeps the previous model', async () => {
    const directory = join(folder, 'model');
    await fileSystemIO(directory).save!(artifacts(1));
    const before = readFileSync(join(directory, 'model.json'), 'utf8');
    vi.mocked(fs.writeFile).mockImplementationOnce(async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    await expect(fileSystemIO(directory).save!(artifacts(2))).rejects.toThrow(/ENOSPC/);
    expect(readdirSync(folder)).toEqual(['model']);
    expect(readFileSync(join(directory, 'model.json'), 'utf8')).toBe(before);
  });
});
