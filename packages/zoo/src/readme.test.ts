import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { serve, sha256Of, startLoopbackServer, tinyArchText, tinyManifest, zooFixture, type LoopbackServer } from './__fixtures__/loopback-server';
import { IMAGENET_CLASSES } from './imagenet-classes';

// The README's ```ts examples, run exactly as written: each is written to a module inside the package (so its
// imports resolve as a user's would) and imported. The second one reads ZOO_MANIFEST, ZOO_MODEL and IMAGE,
// which point it at a manifest served on 127.0.0.1 with the tiny PyTorch-made test model.
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
const folder = mkdtempSync(join(tmpdir(), 'fbnas-readme-'));
const written: string[] = [];
let server: LoopbackServer;

async function runExample(index: number): Promise<unknown[][]> {
  const path = join(packageRoot, `.readme-example-${process.pid}-${index}.ts`);
  written.push(path);
  writeFileSync(path, examples[index]!);
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await import(/* @vite-ignore */ path);
  return log.mock.calls;
}

beforeAll(async () => {
  const checkpoint = readFileSync(zooFixture('tiny.zip.pth'));
  server = await startLoopbackServer({ '/zoo/tiny.zip.pth': serve(checkpoint), '/zoo/tiny-arch.json': serve(tinyArchText()) });
  server.routes['/zoo/manifest.json'] = serve(JSON.stringify(tinyManifest(`${server.base}/zoo/tiny.zip.pth`, sha256Of(checkpoint))));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await server.close();
  for (const path of written) rmSync(path, { force: true });
  rmSync(folder, { recursive: true, force: true });
});

describe('README examples run as written', () => {
  it('has the two examples, the second selecting a backend and pulling from a manifest', () => {
    expect(examples).toHaveLength(2);
    expect(examples[1]).toContain("import { selectBackend } from '@fbnas/backend';");
    expect(examples[1]).toContain('await pullModel(name, { manifest,');
  });

  it('the first: counts every model and prints their published figures', async () => {
    const lines = await runExample(0);
    expect(lines).toHaveLength(17);
    expect(lines[0]!.slice(0, 3)).toEqual(['fbnet_a', 244.52636, 244.52636]);
    expect(lines.at(-1)).toEqual(['FBNetV2_L2', 'CC BY-NC 4.0']);
  });

  it('the second: selects a backend, pulls from a manifest URL, imports, loads and predicts', async () => {
    const png = new PNG({ width: 40, height: 30 });
    for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) % 256;
    writeFileSync(join(folder, 'image.png'), PNG.sync.write(png));
    vi.stubEnv('FBNAS_HOME', join(folder, 'home'));
    vi.stubEnv('ZOO_MANIFEST', `${server.base}/zoo/manifest.json`);
    vi.stubEnv('ZOO_MODEL', 'tiny_reference');
    vi.stubEnv('IMAGE', join(folder, 'image.png'));
    const lines = await runExample(1);
    expect(lines[0]).toEqual([join(folder, 'home', 'zoo', 'tiny_reference'), expect.stringMatching(/^[0-9a-f]{64}$/), 'manifest']);
    const top5 = lines[1]![0] as Array<{ index: number; name: string; probability: number }>;
    expect(top5).toHaveLength(5);
    for (const { index, name } of top5) expect(name).toBe(IMAGENET_CLASSES[index]);
    expect(top5.reduce((sum, entry) => sum + entry.probability, 0)).toBeLessThanOrEqual(1 + 1e-6);
  });
});
