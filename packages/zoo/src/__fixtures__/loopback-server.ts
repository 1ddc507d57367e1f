// Test support: a real HTTP server on 127.0.0.1 (node:http), with routes the tests can change as they go.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A route: writes the whole response itself. */
export type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:PORT`. */
  readonly base: string;
  /** Path → route; edit freely. Unknown paths get 404. */
  readonly routes: Record<string, Route>;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** A route serving `body` with its content-length. */
export const serve = (body: Uint8Array | string, type = 'application/octet-stream'): Route => (_, response) => {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  response.writeHead(200, { 'content-length': String(bytes.length), 'content-type': type });
  response.end(bytes);
};

/** A route announcing `body`'s full length, sending its first `sent` bytes, then dropping the connection. */
export const dropAfter = (body: Uint8Array, sent: number): Route => (_, response) => {
  response.writeHead(200, { 'content-length': String(body.length) });
  response.write(Buffer.from(body.subarray(0, sent)), () => setTimeout(() => response.socket?.destroy(), 20));
};

/** Starts a server on 127.0.0.1 at a free port. */
export async function startLoopbackServer(routes: Record<string, Route> = {}): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const route = routes[request.url ?? ''];
    if (route) route(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { base, routes, requests, close };
}

/** A zoo fixture's path (`tiny-arch.json`, `tiny.zip.pth`, …). */
export const zooFixture = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** sha256 (hex) of bytes. */
export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * An `fbnas.zoo/v1` manifest of the tiny reference model (`tiny_reference`, alias `tiny`; its architecture in
 * `tiny-arch.json`), its checkpoint at `url` with `sha256` (null: trust on first use).
 */
export function tinyManifest(url: string, sha256: string | null = null, architecture = 'tiny-arch.json') {
  return {
    format: 'fbnas.zoo/v1',
    models: [{
      name: 'tiny_reference', family: 'test', aliases: ['tiny'], architecture, resolution: 32, evalResize: 36,
      published: { macs: 1, weights: 1, macsMillions: 0.000001, weightsMillions: 0.000001, decimals: 6 },
      top1: 50,
      checkpoint: { url, urlVerified: true, urlSource: 'test', sha256, licence: 'CC0' },
    }],
  };
}

/** The tiny architecture's JSON text. */
export const tinyArchText = () => readFileSync(zooFixture('tiny-arch.json'), 'utf8');
