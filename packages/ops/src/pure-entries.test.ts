/**
 * `@fbnas/ops/specs` and `@fbnas/ops/testing` install and import without TensorFlow.js: no module they reach
 * (following relative imports and workspace packages to their sources) imports `@tensorflow/*` or
 * `@fbnas/backend`, every package they import is a non-optional dependency of its importer, and no non-optional
 * dependency or peer of the package (transitively through workspace packages) is tfjs.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bareImports as importsOf, requiredClosure, TFJS } from '../../../tools/package-checks/pure-entry-graph';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bareImports = (entry: string) => importsOf(entry, packageDir);

describe('pure entries', () => {
  it.each(['src/specs.ts', 'src/testing/index.ts'])('%s imports nothing from tfjs, and only required packages', (entry) => {
    const imports = bareImports(join(packageDir, entry));
    expect(imports.map(({ specifier }) => specifier)).toContain('@fbnas/core');
    expect(imports.filter(({ specifier }) => TFJS.test(specifier))).toEqual([]);
    const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    expect(imports.filter(({ specifier, required }) => !required.includes(packageName(specifier)))).toEqual([]);
    expect(imports.some(({ specifier }) => specifier === 'vitest')).toBe(false);
  });

  it('the main entry does import tfjs (so the check above can fail)', () => {
    expect(bareImports(join(packageDir, 'src/index.ts')).filter(({ specifier }) => TFJS.test(specifier)).length).toBeGreaterThan(0);
  });

  it('installs without tfjs: no required dependency or peer is tfjs, transitively', () => {
    const closure = requiredClosure(packageDir);
    expect(closure).toContain('@fbnas/ops → @fbnas/core');
    expect(closure.filter((chain) => TFJS.test(chain.split(' → ').at(-1)!))).toEqual([]);
  });
});
