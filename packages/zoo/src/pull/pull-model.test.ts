import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelZoo } from '../model-zoo';
import { pullModel } from './pull-model';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));
const tinyArch = JSON.parse(readFileSync(fixture('tiny-arch.json'), 'utf8')) as Record<string, unknown>;
let served = readFileSync(fixture('tiny.legacy.pth'));
let requests = 0;
let server: Server;
let base = '';
const folders: string[] = [];

function zoo(url: string, sha256: string | null = null) {
  const manifest = {
    format: 'fbnas.zoo/v1',
    models: [{
      name: 'tiny_reference', family: 'test', aliases: ['tiny'], architecture: 'tiny.json', resolution: 32, evalResize: 36,
      published: { macs: 1, weights: 1, macsMillions: 0.000001, weightsMillions: 0.000001, decimals: 6 },
      top1: 50,
      checkpoint: { url, urlVerified: true, urlSource: 'test', sha256, licence: 'CC0' },
    }],
  };
  return createModelZoo(manifest, { 'tiny.json': tinyArch });
}

function home(): string {
  const folder = mkdtempSync(join(tmpdir(), 'fbnas-home-'));
  folders.push(folder);
  return folder;
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  server = createServer((request, response) => {
    requests += 1;
    if (request.url === '/tiny.pth') {
      response.writeHead(200, { 'content-length': String(served.length) });
      response.end(served);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('pullModel (against a local HTTP server)', () => {
  it('downloads with progress, records the checksum on first use, converts, then serves from the cache', async () => {
    const cache = home();
    const progress: number[] = [];
    const first = await pullModel('tiny', { home: cache, zoo: zoo(`${base}/tiny.pth`), onProgress: (p) => progress.push(p.bytes) });
    expect(first.checksum).toBe('first-use');
    expect(existsSync(join(first.directory, 'model.json'))).toBe(true);
    expect(progress.at(-1)).toBe(served.length);
    const recorded = JSON.parse(readFileSync(join(cache, 'zoo', 'checksums.json'), 'utf8'));
    expect(recorded.tiny_reference.sha256).toBe(first.sha256);
    const before = requests;
    const second = await pullModel('tiny_reference', { home: cache, zoo: zoo(`${base}/tiny.pth`) });
    expect([second.checksum, requests]).toEqual(['cached', before]);
    const third = await pullModel('tiny', { home: cache, zoo: zoo(`${base}/tiny.pth`), force: true });
    expect(third.checksum).toBe('recorded');
  });

  it('refuses a download whose sha256 differs from the recorded one, keeping the cache intact', async () => {
    const cache = home();
    await pullModel('tiny', { home: cache, zoo: zoo(`${base}/tiny.pth`) });
    const original = served;
    served = readFileSync(fixture('tiny.zip.pth'));
    try {
      await expect(pullModel('tiny', { home: cache, zoo: zoo(`${base}/tiny.pth`), force: true })).rejects.toThrow(
        /checksum mismatch for http:\/\/127\.0\.0\.1:\d+\/tiny\.pth: expected sha256 [0-9a-f]{64} from the first download/,
      );
    } finally {
      served = original;
    }
    expect(readdirSync(join(cache, 'downloads'))).toEqual([]);
    expect(existsSync(join(cache, 'zoo', 'tiny_reference', 'model.json'))).toBe(true);
  });

  it("checks the manifest's sha256 when it has one", async () => {
    await expect(pullModel('tiny', { home: home(), zoo: zoo(`${base}/tiny.pth`, 'ab'.repeat(32)) })).rejects.toThrow(
      /expected sha256 (ab){32} from the zoo manifest/,
    );
  });

  it('names the URL when it is unreachable or missing, leaving nothing behind', async () => {
    const cache = home();
    await expect(pullModel('tiny', { home: cache, zoo: zoo('http://127.0.0.1:9/none.pth') })).rejects.toThrow(
      /cannot download http:\/\/127\.0\.0\.1:9\/none\.pth/,
    );
    await expect(pullModel('tiny', { home: cache, zoo: zoo(`${base}/missing.pth`) })).rejects.toThrow(/HTTP 404/);
    expect(existsSync(join(cache, 'zoo', 'tiny_reference'))).toBe(false);
  });

  it('rejects unknown model names, listing the known ones', async () => {
    await expect(pullModel('nope', { home: home(), zoo: zoo(`${base}/tiny.pth`) })).rejects.toThrow(/unknown model 'nope'; known models: tiny_reference \| tiny/);
  });
});
