#!/usr/bin/env node
// Packs @fbnas/data exactly as it would be published (`npm pack`: only the `files` in package.json), unpacks
// the tarball in a temporary folder, and runs check-dist.mjs there, proving the published dist/ finds the
// published assets/ in both ESM and CommonJS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'fbnas-data-pack-'));
try {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: root, encoding: 'utf8' }));
  execFileSync('tar', ['-xzf', join(folder, packed.filename), '-C', folder]);
  const output = execFileSync(process.execPath, [join(root, 'scripts/check-dist.mjs'), join(folder, 'package')], { encoding: 'utf8' });
  process.stdout.write(`packed ${packed.filename} (${packed.size} bytes, ${packed.entryCount} files)\n${output}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
