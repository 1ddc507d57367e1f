#!/usr/bin/env node
// Packs @fbnas/data exactly as it would be published (`npm pack`: only the `files` in package.json), unpacks
// the tarball in a temporary folder, and runs check-dist.mjs there, proving the published dist/ finds the
// published assets/ in both ESM and CommonJS (its dependencies linked from this workspace's install).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'fbnas-data-pack-'));
try {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: root, encoding: 'utf8' }));
  execFileSync('tar', ['-xzf', join(folder, packed.filename), '-C', folder]);
  // The published package's dependencies (@fbnas/core), as an installer would provide them: linked from this
  // workspace's install.
  const { dependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const name of Object.keys(dependencies)) {
    const target = join(folder, 'package', 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), target, 'dir');
  }
  const output = execFileSync(process.execPath, [join(root, 'scripts/check-dist.mjs'), join(folder, 'package')], { encoding: 'utf8' });
  process.stdout.write(`packed ${packed.filename} (${packed.size} bytes, ${packed.entryCount} files)\n${output}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
