import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether Debian's `redis-server` is on the PATH (`pnpm test` installs it when missing and it may): for tests that need a real Redis. */
export function hasRedisServer(): boolean {
  return spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;
}

/** A real redis-server on a free loopback port, with append-only persistence in a temp folder (survives restarts). */
export interface TestRedis {
  url: string;
  /** Stops the server (SIGTERM: it writes its append-only file first). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a redis-server for a test; call `stop()` after. */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fbnas-redis-'));
  let child: ChildProcess | undefined;
  const start = () => new Promise<void>((resolve, reject) => {
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    child = server;
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    server.on('exit', (code) => reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`)));
  });
  const stop = () => new Promise<void>((resolve) => {
    if (child === undefined || child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  await start();
  return { url: `redis://127.0.0.1:${port}`, stop, start };
}
