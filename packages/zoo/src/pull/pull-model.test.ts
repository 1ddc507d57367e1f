import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, startLoopbackServer, tinyManifest, zooFixture, type LoopbackServer } from '../__fixtures__/loopback-server';
import { opsWithMyStem, tinyArchWithMyStem } from '../__fixtures__/contributed-stem';
import { createModelZoo } from '../model-zoo';
import { pullModel } from './pull-model';

const tinyArch = JSON.parse(readFileSync(zooFixture('tiny-arch.json'), 'utf8')) as Record<string, unknown>;
let served = readFileSync(zooFixture('tiny.legacy.pth'));
let server: LoopbackServer;
const folders: string[] = [];

const zoo = (url: string, sha256: string | null = null) => createModelZoo(tinyManifest(url, sha256), { 'tiny-arch.json': tinyArch });

function home(): string {
  const folder = mkdtempSync(join(tmpdir(), 'fbnas-home-'));
  folders.push(folder);
  return folder;
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  server = await startLoopbackServer({ '/tiny.pth': (request, response) => serve(served)(request, response) });
});
afterAll(async () => {
  await server.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('pullModel (against a local HTTP server)', () => {
  it('downloads with progress, records the checksum on first use, converts, then serves from the cache', async () => {
    const cache = home();
    const url = `${server.base}/tiny.pth`;
    const progress: number[] = [];
    const first = await pullModel('tiny', { home: cache, zoo: zoo(url), onProgress: (p) => progress.push(p.bytes) });
    expect(first.checksum).toBe('first-use');
    expect(existsSync(join(first.directory, 'model.json'))).toBe(true);
    expect(progress.at(-1)).toBe(served.length);
    const recorded = JSON.parse(readFileSync(join(cache, 'zoo', 'checksums.json'), 'utf8'));
    expect(recorded[url].sha256).toBe(first.sha256);
    const before = server.requests.length;
    const second = await pullModel('tiny_reference', { home: cache, zoo: zoo(url) });
    expect([second.checksum, server.requests.length]).toEqual(['cached', before]);
    const third = await pullModel('tiny', { home: cache, zoo: zoo(url), force: true });
    expect(third.checksum).toBe('recorded');
  });

  it('converts a model whose architecture uses a contributed op with `ops`; without them the pull fails naming the op', async () => {
    const withStem = createModelZoo(tinyManifest(`${server.base}/tiny.pth`), { 'tiny-arch.json': tinyArchWithMyStem() });
    await expect(pullModel('tiny', { home: home(), zoo: withStem })).rejects.toThrow(/unknown op 'my_stem'/);
    const pulled = await pullModel('tiny', { home: home(), zoo: withStem, ops: opsWithMyStem() });
    expect(existsSync(join(pulled.directory, 'model.json'))).toBe(true);
  });

  it('removes the downloaded .pth after a verified conversion; keepDownload keeps it and reports its path', async () => {
    const cache = home();
    const removed = await pullModel('tiny', { home: cache, zoo: zoo(`${server.base}/tiny.pth`) });
    expect(removed.download).toBeUndefined();
    expect(readdirSync(join(cache, 'downloads'))).toEqual([]);
    const kept = await pullModel('tiny', { home: cache, zoo: zoo(`${server.base}/tiny.pth`), force: true, keepDownload: true });
    expect(kept.download).toBe(join(cache, 'downloads', 'tiny_reference.pth'));
    expect(readFileSync(kept.download!).equals(served)).toBe(true);
  });

  it('refuses a download whose sha256 differs from the recorded one, keeping the cache intact', async () => {
    const cache = home();
    await pullModel('tiny', { home: cache, zoo: zoo(`${server.base}/tiny.pth`) });
    const original = served;
    served = readFileSync(zooFixture('tiny.zip.pth'));
    try {
      await expect(pullModel('tiny', { home: cache, zoo: zoo(`${server.base}/tiny.pth`), force: true })).rejects.toThrow(
        /checksum mismatch for http:\/\/127\.0\.0\.1:\d+\/tiny\.pth: expected sha256 [0-9a-f]{64} from the first download/,
      );
    } finally {
      served = original;
    }
    expect(readdirSync(join(cache, 'downloads'))).toEqual([]);
    expect(existsSync(join(cache, 'zoo', 'tiny_reference', 'model.json'))).toBe(true);
  });

  it("checks the manifest's sha256 when it has one", async () => {
    await expect(pullModel('tiny', { home: home(), zoo: zoo(`${server.base}/tiny.pth`, 'ab'.repeat(32)) })).rejects.toThrow(
      /expected sha256 (ab){32} from the zoo manifest/,
    );
  });

  it('names the URL and the bytes received when it is unreachable or missing, leaving nothing behind', async () => {
    const cache = home();
    const closed = await startLoopbackServer();
    await closed.close();
    await expect(pullModel('tiny', { home: cache, zoo: zoo(`${closed.base}/none.pth`) })).rejects.toThrow(
      `cannot download ${closed.base}/none.pth: fetch failed: connect ECONNREFUSED`,
    );
    await expect(pullModel('tiny', { home: cache, zoo: zoo(`${server.base}/missing.pth`) })).rejects.toThrow(/HTTP 404 Not Found; 0 bytes received/);
    expect(existsSync(join(cache, 'zoo', 'tiny_reference'))).toBe(false);
  });

  it('rejects unknown model names, listing the known ones, and zoo together with manifest', async () => {
    await expect(pullModel('nope', { home: home(), zoo: zoo(`${server.base}/tiny.pth`) })).rejects.toThrow(/unknown model 'nope'; known models: tiny_reference \| tiny/);
    await expect(pullModel('tiny', { zoo: zoo(`${server.base}/tiny.pth`), manifest: 'm.json' })).rejects.toThrow('pullModel: pass either zoo or manifest, not both');
  });
});
