import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropAfter, serve, startLoopbackServer, type LoopbackServer } from '../__fixtures__/loopback-server';
import { downloadFile } from './download-file';

const folder = mkdtempSync(join(tmpdir(), 'fbnas-download-'));
const body = Uint8Array.from({ length: 4 * 1024 * 1024 }, (_, index) => (index * 7) % 251);
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer({
    '/x.pth': serve(body),
    '/dropped.pth': dropAfter(body, 1024 * 1024),
    '/forbidden.pth': (_, response) => response.writeHead(403, 'Forbidden').end('no'),
    '/no-length.pth': (_, response) => {
      response.writeHead(200);
      response.write(Buffer.from(body.subarray(0, 1000)), () => setTimeout(() => response.socket?.destroy(), 20));
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('downloadFile errors give the URL and the bytes received, and leave no partial file', () => {
  it('downloads a whole body (the control)', async () => {
    const destination = join(folder, 'whole', 'x.pth');
    const { bytes } = await downloadFile(`${server.base}/x.pth`, destination);
    expect(bytes).toBe(body.length);
    expect(readFileSync(destination).equals(Buffer.from(body))).toBe(true);
  });

  it('a connection dropped mid-body: received and expected bytes, and the socket error', async () => {
    const destination = join(folder, 'dropped', 'x.pth');
    const url = `${server.base}/dropped.pth`;
    await expect(downloadFile(url, destination)).rejects.toThrow(
      new RegExp(`^cannot download ${url.replace(/[.]/g, '\\.')}: connection closed after \\d+ of 4194304 bytes \\(terminated`),
    );
    const error = await downloadFile(url, destination).catch((caught: Error) => caught);
    const received = Number(/after (\d+) of/.exec((error as Error).message)![1]);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual(1024 * 1024);
    expect(readdirSync(join(folder, 'dropped'))).toEqual([]);
  });

  it('without a content-length: the bytes received, no total', async () => {
    const url = `${server.base}/no-length.pth`;
    await expect(downloadFile(url, join(folder, 'no-length', 'x.pth'))).rejects.toThrow(`cannot download ${url}: connection closed after 1000 bytes (terminated`);
    expect(readdirSync(join(folder, 'no-length'))).toEqual([]);
  });

  it('an HTTP error status and a refused connection', async () => {
    const destination = join(folder, 'status', 'x.pth');
    await expect(downloadFile(`${server.base}/forbidden.pth`, destination)).rejects.toThrow(
      `cannot download ${server.base}/forbidden.pth: HTTP 403 Forbidden; 0 bytes received`,
    );
    await expect(downloadFile(`${server.base}/missing.pth`, destination)).rejects.toThrow(`cannot download ${server.base}/missing.pth: HTTP 404 Not Found; 0 bytes received`);
    const closed = await startLoopbackServer();
    await closed.close();
    const refused = `${closed.base}/none.pth`;
    await expect(downloadFile(refused, destination)).rejects.toThrow(
      `cannot download ${refused}: fetch failed: connect ECONNREFUSED ${closed.base.slice('http://'.length)}; 0 bytes received`,
    );
    expect(existsSync(destination)).toBe(false);
  });
});
