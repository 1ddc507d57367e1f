import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryFolders } from './__fixtures__/tiny-search';
import { acquireRunLock, RunLockedError } from './run-lock';

const { folder, removeAll } = temporaryFolders('fbnas-lock-');
afterAll(removeAll);

/** The pid of a process that has exited (so no process has it, barring reuse). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

const writeLock = (dir: string, holder: object) => writeFileSync(join(dir, '.lock'), `${JSON.stringify(holder)}\n`);

describe('acquireRunLock', () => {
  it('creates <folder>/.lock with pid, hostname and start time; a second acquisition fails at once; release frees it', async () => {
    const dir = join(folder(), 'run');
    const lock = await acquireRunLock(dir);
    expect(JSON.parse(readFileSync(join(dir, '.lock'), 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname(), started: lock.holder.started });
    const error = await acquireRunLock(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunLockedError);
    expect((error as Error).message).toBe(
      `${dir} is in use by fbnas process ${process.pid} since ${lock.holder.started} (lock ${join(dir, '.lock')}); wait for it to finish or use another --out`,
    );
    await lock.release();
    await lock.release();
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    await (await acquireRunLock(dir)).release();
  });

  it('a lock held by another live process is refused, naming its pid; once that process is dead the lock is stale and taken over', async () => {
    const dir = folder();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeLock(dir, { pid: other.pid, hostname: hostname(), started: '2024-01-01T00:00:00.000Z', token: 'x' });
      await expect(acquireRunLock(dir)).rejects.toThrow(`${dir} is in use by fbnas process ${other.pid} since 2024-01-01T00:00:00.000Z`);
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    const lock = await acquireRunLock(dir);
    expect(JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not judge a lock from another host; takes over an unreadable lock only once it is old', async () => {
    const dir = folder();
    writeLock(dir, { pid: deadPid(), hostname: 'elsewhere.example', started: '2024-01-01T00:00:00.000Z', token: 'x' });
    await expect(acquireRunLock(dir)).rejects.toThrow(/is in use by fbnas process \d+ on elsewhere\.example since/);
    writeFileSync(join(dir, '.lock'), '');
    await expect(acquireRunLock(dir)).rejects.toThrow('is in use by another fbnas process (its lock file is being written)');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(dir, '.lock'), minuteAgo, minuteAgo);
    await (await acquireRunLock(dir)).release();
  });

  it('removes the temporaries of dead processes, recursively, restores an interrupted swap, and keeps live ones', async () => {
    const dir = folder();
    const dead = deadPid();
    mkdirSync(join(dir, `checkpoint.tmp-${dead}`));
    mkdirSync(join(dir, `checkpoint.previous-${dead}`));
    writeFileSync(join(dir, `checkpoint.previous-${dead}`, 'tensors.json'), '{}');
    writeFileSync(join(dir, `config.json.tmp-${dead}`), '{"half');
    writeFileSync(join(dir, `log.jsonl.tmp-${process.pid}`), 'mine');
    mkdirSync(join(dir, 'model'));
    mkdirSync(join(dir, `.model.tmp-${dead}-1700000000000`));
    mkdirSync(join(dir, `.model.tmp-${dead}-1700000000000-previous`));
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'nested', 'deeper', `x.json.tmp-${dead}`), '');
    const lock = await acquireRunLock(dir);
    expect(readdirSync(dir).sort()).toEqual(['.lock', 'checkpoint', `log.jsonl.tmp-${process.pid}`, 'model', 'nested']);
    expect(readFileSync(join(dir, 'checkpoint', 'tensors.json'), 'utf8')).toBe('{}');
    expect(readdirSync(join(dir, 'nested', 'deeper'))).toEqual([]);
    expect(lock.cleaned.restored).toEqual([join(dir, 'checkpoint')]);
    expect(lock.cleaned.removed).toHaveLength(5);
    await lock.release();
  });
});
