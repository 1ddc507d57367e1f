#!/usr/bin/env node
// Part of `pnpm test`: the report's browser test (packages/report) needs Debian's headless `chromium`, and the job
// queue tests (packages/evaluator, packages/cli) a real `redis-server`. Installs the missing ones with apt-get when
// this user may (root); otherwise says how, and those tests then skip (or, with CI set, fail).
import { execFileSync, spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const needed = [
  { command: 'chromium', packages: ['chromium', 'fonts-liberation'], why: 'the report browser test' },
  { command: 'redis-server', packages: ['redis-server'], why: 'the job queue tests' },
].filter(({ command }) => !has(command));
if (needed.length === 0) process.exit(0);
const packages = needed.flatMap((n) => n.packages);
if (process.getuid?.() !== 0 || !has('apt-get')) {
  for (const { command, packages: names, why } of needed) console.warn(`fbnas: ${command} is not installed; ${why} need it (Debian: sudo apt-get install -y ${names.join(' ')})`);
  process.exit(0);
}
console.warn(`fbnas: installing ${packages.join(', ')} (Debian packages) for ${needed.map((n) => n.why).join(' and ')}…`);
const apt = (args) => execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
apt(['update']);
apt(['install', '-y', '--no-install-recommends', ...packages]);
