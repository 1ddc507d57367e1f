import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropAfter, serve, sha256Of, startLoopbackServer, tinyManifest, zooFixture, type LoopbackServer } from '../__fixtures__/loopback-server';
import { createModelZoo } from '../model-zoo';
import { loadZooModel } from '../predict/load-zoo-model';
import { pullModel } from './pull-model';

// Two checkpoints of the same weights, as different files: the "built-in" and the "user's" copy of a model.
const legacy = readFileSync(zooFixture('tiny.legacy.pth'));
const zip = readFileSync(zooFixture('tiny.zip.pth'));
const tinyArch = JSON.parse(readFileSync(zooFixture('tiny-arch.json'), 'utf8')) as Record<string, unknown>;
let server: LoopbackServer;
const folders: string[] = [];

const zoo = (path: string, sha256: string | null) => createModelZoo(tinyManifest(`${server.base}${path}`, sha256), { 'tiny-arch.json': tinyArch });
const builtinLike = () => zoo('/legacy.pth', sha256Of(legacy));
const users = () => zoo('/zip.pth', sha256Of(zip));

function home(): string {
  const folder = mkdtempSync(join(tmpdir(), 'fbnas-home-'));
  folders.push(folder);
  return folder;
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  server = await startLoopbackServer({ '/legacy.pth': serve(legacy), '/zip.pth': serve(zip) });
});
afterAll(async () => {
  await server.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('pullModel re-verifies what it has cached', () => {
  it("downloads again when the manifest's sha256 differs from the cached model's, instead of returning old weights", async () => {
    const cache = home();
    expect((await pullModel('tiny', { home: cache, zoo: builtinLike() })).sha256).toBe(sha256Of(legacy));
    const changed = zoo('/zip.pth', sha256Of(zip));
    const again = await pullModel('tiny', { home: cache, zoo: changed });
    expect(again.checksum).toBe('manifest');
    expect(again.sha256).toBe(sha256Of(zip));
    expect(again.replacedCache).toMatch(
      new RegExp(`^the zoo manifest names sha256 ${sha256Of(zip)}, but the cached model was converted from ${server.base}/legacy\\.pth \\(sha256 ${sha256Of(legacy)}\\)$`),
    );
    expect((await pullModel('tiny', { home: cache, zoo: changed })).checksum).toBe('cached');
  });

  it('re-pulls a cache whose weight files no longer match the sha256 in model.json, or that lost a file', async () => {
    const cache = home();
    const first = await pullModel('tiny', { home: cache, zoo: builtinLike() });
    const shard = join(first.directory, readdirSync(first.directory).find((file) => file.endsWith('.bin'))!);
    const bytes = readFileSync(shard);
    bytes[10]! ^= 0xff;
    writeFileSync(shard, bytes);
    const repaired = await pullModel('tiny', { home: cache, zoo: builtinLike() });
    expect(repaired.replacedCache).toBe(`${shard}: sha256 mismatch with model.json (corrupt or modified weights)`);
    rmSync(shard);
    expect((await pullModel('tiny', { home: cache, zoo: builtinLike() })).replacedCache).toBe(`${shard} is missing`);
    rmSync(join(cache, 'zoo', 'tiny_reference.source.json'));
    expect((await pullModel('tiny', { home: cache, zoo: builtinLike() })).replacedCache).toMatch(/tiny_reference\.source\.json \(where the cached model came from\) is missing$/);
    const model = await loadZooModel('tiny', { home: cache, zoo: builtinLike() });
    expect(model.inputs[0]!.shape).toEqual([null, 32, 32, 3]);
    model.dispose();
  });

  it("a user's manifest naming a cached model with another sha256 does not get, nor leave behind, the other weights", async () => {
    const cache = home();
    await pullModel('tiny', { home: cache, zoo: builtinLike() });
    const mine = await pullModel('tiny', { home: cache, zoo: users() });
    expect([mine.checksum, mine.sha256]).toEqual(['manifest', sha256Of(zip)]);
    await expect(loadZooModel('tiny', { home: cache, zoo: builtinLike() })).rejects.toThrow(
      /^tiny_reference in the cache \(.*\) is not the model the zoo manifest names: the zoo manifest names sha256 [0-9a-f]{64}, but the cached model was converted from .*\/zip\.pth .*run 'fbnas zoo pull tiny_reference' \(with the same --manifest\)/,
    );
    (await loadZooModel('tiny', { home: cache, zoo: users() })).dispose();
    expect((await pullModel('tiny', { home: cache, zoo: builtinLike() })).replacedCache).toMatch(/converted from .*\/zip\.pth/);
  });

  it('without a sha256, the checkpoint URL identifies the weights; each URL keeps its own first-use record', async () => {
    const cache = home();
    expect((await pullModel('tiny', { home: cache, zoo: zoo('/legacy.pth', null) })).checksum).toBe('first-use');
    const other = await pullModel('tiny', { home: cache, zoo: zoo('/zip.pth', null) });
    expect(other.checksum).toBe('first-use');
    expect(other.replacedCache).toBe(`the zoo manifest names ${server.base}/zip.pth, but the cached model was converted from ${server.base}/legacy.pth (sha256 ${sha256Of(legacy)})`);
    const records = JSON.parse(readFileSync(join(cache, 'zoo', 'checksums.json'), 'utf8'));
    expect(Object.keys(records).sort()).toEqual([`${server.base}/legacy.pth`, `${server.base}/zip.pth`]);
    // Back to the first URL: its recorded sha256 identifies the weights, and the cache (from zip.pth) is stale.
    expect((await pullModel('tiny', { home: cache, zoo: zoo('/legacy.pth', null) })).checksum).toBe('recorded');
  });

  it('a connection dropped during a re-pull leaves no partial file, keeps the previous model, and does not serve it as the new one', async () => {
    const cache = home();
    await pullModel('tiny', { home: cache, zoo: builtinLike() });
    server.routes['/dropped.pth'] = dropAfter(zip, 1000);
    const url = `${server.base}/dropped.pth`;
    await expect(pullModel('tiny', { home: cache, zoo: zoo('/dropped.pth', sha256Of(zip)) })).rejects.toThrow(
      `cannot download ${url}: connection closed after 1000 of ${zip.length} bytes (terminated`,
    );
    expect(readdirSync(join(cache, 'downloads'))).toEqual([]);
    (await loadZooModel('tiny', { home: cache, zoo: builtinLike() })).dispose();
    await expect(loadZooModel('tiny', { home: cache, zoo: zoo('/dropped.pth', sha256Of(zip)) })).rejects.toThrow(/is not the model the zoo manifest names/);
  });
});
