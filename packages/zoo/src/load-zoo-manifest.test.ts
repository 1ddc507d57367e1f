import '@tensorflow/tfjs-backend-cpu';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, sha256Of, startLoopbackServer, tinyArchText, tinyManifest, zooFixture, type LoopbackServer } from './__fixtures__/loopback-server';
import { builtinModelZoo } from './builtin-zoo';
import builtinManifest from './manifest.json';
import { loadZooManifest } from './load-zoo-manifest';
import { pullModel } from './pull/pull-model';

const checkpoint = readFileSync(zooFixture('tiny.zip.pth'));
const folder = mkdtempSync(join(tmpdir(), 'fbnas-user-zoo-'));
const at = (...parts: string[]) => join(folder, ...parts);
let server: LoopbackServer;

/** Writes a manifest (and, unless `architecture` is false, the tiny architecture beside it) into a fresh subfolder. */
function writeZoo(name: string, manifest: unknown, architecture = true): string {
  const path = at(name, 'manifest.json');
  mkdirSync(at(name), { recursive: true });
  writeFileSync(path, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  if (architecture) writeFileSync(at(name, 'tiny-arch.json'), tinyArchText());
  return path;
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  server = await startLoopbackServer({ '/zoo/tiny.zip.pth': serve(checkpoint), '/zoo/tiny-arch.json': serve(tinyArchText()) });
  server.routes['/zoo/manifest.json'] = serve(JSON.stringify(tinyManifest(`${server.base}/zoo/tiny.zip.pth`, sha256Of(checkpoint))));
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("loadZooManifest and pullModel(name, { manifest }): a user's zoo", () => {
  it('pulls from a manifest URL, reading the architecture beside it, and from a manifest file', async () => {
    const url = `${server.base}/zoo/manifest.json`;
    const zoo = await loadZooManifest(url);
    expect(zoo.listModels().map((model) => model.name)).toEqual(['tiny_reference']);
    const pulled = await pullModel('tiny', { manifest: url, home: at('home-url') });
    expect([pulled.name, pulled.checksum, pulled.sha256]).toEqual(['tiny_reference', 'manifest', sha256Of(checkpoint)]);
    expect(server.requests).toContain('/zoo/tiny-arch.json');
    const file = writeZoo('file', tinyManifest(`${server.base}/zoo/tiny.zip.pth`, sha256Of(checkpoint)));
    expect((await pullModel('tiny_reference', { manifest: file, home: at('home-url') })).checksum).toBe('cached');
  });

  it("a mirror needs only a manifest: architectures not beside it are the built-in files of that name", async () => {
    const mirror = structuredClone(builtinManifest) as typeof builtinManifest;
    for (const model of mirror.models) model.checkpoint.url = `https://mirror.example.org/fbnas/${model.name}.pth`;
    const zoo = await loadZooManifest(writeZoo('mirror', mirror, false));
    expect(zoo.loadArchitecture('fbnet_c')).toEqual(builtinModelZoo().loadArchitecture('fbnet_c'));
    expect(zoo.modelInfo('FBNet_c').checkpoint.url).toBe('https://mirror.example.org/fbnas/fbnet_c.pth');
  });

  it('names the manifest and the field when it is invalid', async () => {
    const bad = tinyManifest('https://example.org/x.pth', 'abc');
    const path = writeZoo('bad-sha', bad);
    await expect(loadZooManifest(path)).rejects.toThrow(`${path}: models[0].checkpoint.sha256: expected null or 64 lowercase hex digits, got`);
    const insecure = writeZoo('insecure', tinyManifest('http://example.org/x.pth'));
    await expect(loadZooManifest(insecure)).rejects.toThrow(`${insecure}: models[0].checkpoint.url: expected an https URL (or http://127.0.0.1/localhost)`);
    const json = writeZoo('json', '{ "format": ');
    await expect(loadZooManifest(json)).rejects.toThrow(new RegExp(`^${json.replace(/[.]/g, '\\.')}: the zoo manifest is not valid JSON \\(`));
    const wrongSize = { ...tinyManifest('https://example.org/x.pth') };
    wrongSize.models[0]!.resolution = 64;
    wrongSize.models[0]!.evalResize = 72;
    const size = writeZoo('size', wrongSize);
    await expect(loadZooManifest(size)).rejects.toThrow(`${size}: models[0].architecture (tiny-arch.json).inputSize: expected the model's resolution 64, got 32`);
  });

  it('names the manifest when it or an architecture file cannot be read', async () => {
    await expect(loadZooManifest(at('none.json'))).rejects.toThrow(`${at('none.json')}: cannot read the zoo manifest (ENOENT`);
    const missing = writeZoo('missing-arch', tinyManifest('https://example.org/x.pth', null, 'mine.json'));
    await expect(loadZooManifest(missing)).rejects.toThrow(
      `${missing}: models[0].architecture: cannot read 'mine.json' beside the manifest, and it is not a built-in architecture (fbnet_a.json,`,
    );
    await expect(loadZooManifest(`${server.base}/zoo/none.json`)).rejects.toThrow(`cannot download ${server.base}/zoo/none.json: HTTP 404 Not Found; 0 bytes received`);
    await expect(loadZooManifest('http://example.org/manifest.json')).rejects.toThrow(
      'http://example.org/manifest.json: expected a zoo manifest file or an https URL (plain http only to 127.0.0.1/localhost)',
    );
    await expect(loadZooManifest(`${server.base}/zoo/manifest.json`, { maxBytes: 100 })).rejects.toThrow(
      `cannot download ${server.base}/zoo/manifest.json: more than the limit of 100 bytes; raise the maxBytes option to read it`,
    );
  });
});
