import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/index.cjs', import.meta.url)));
if (!built) console.warn('skipping the built-package check: no dist/ (run `pnpm build`; `check-package` runs it on the packed tarball)');

describe('the built package', () => {
  it.skipIf(!built)('loads the embedded subset through both `import` and `require`', () => {
    const output = execFileSync(process.execPath, ['scripts/check-dist.mjs', packageRoot], { cwd: packageRoot, encoding: 'utf8' });
    expect(output).toContain('import: 2500 + 500');
    expect(output).toContain('require: 2500 + 500');
  });
});
