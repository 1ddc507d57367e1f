#!/usr/bin/env node
// Part of `pnpm test`: the report's browser test (packages/report) needs Debian's headless `chromium`. Installs it
// with apt-get when it is missing and this user may (root); otherwise says how, and the browser test then skips
// (or, with CI set, fails).
import { execFileSync, spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
if (has('chromium')) process.exit(0);
if (process.getuid?.() !== 0 || !has('apt-get')) {
  console.warn('fbnas: chromium is not installed; the report browser test needs it (Debian: sudo apt-get install -y chromium)');
  process.exit(0);
}
console.warn('fbnas: installing chromium (Debian package) for the report browser test…');
const apt = (args) => execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
apt(['update']);
apt(['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation']);
