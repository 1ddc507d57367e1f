/**
 * `@fbnas/nars` installs and imports without TensorFlow.js: no module its entry reaches (following relative imports
 * and workspace packages to their sources) imports `@tensorflow/*` or `@fbnas/backend`, every package they import is
 * a non-optional dependency of its importer, and no non-optional dependency or peer is tfjs, transitively.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bareImports, requiredClosure, TFJS } from '../../../tools/package-checks/pure-entry-graph';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('@fbnas/nars is pure', () => {
  it('its entry imports nothing from tfjs, and only required packages', () => {
    const imports = bareImports(join(packageDir, 'src/index.ts'), packageDir);
    expect(imports.map(({ specifier }) => specifier)).toEqual(expect.arrayContaining(['@fbnas/core', '@fbnas/ops/specs']));
    expect(imports.filter(({ specifier }) => TFJS.test(specifier))).toEqual([]);
    const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    expect(imports.filter(({ specifier, required }) => !required.includes(packageName(specifier)))).toEqual([]);
  });

  it('installs without tfjs: no required dependency or peer is tfjs, transitively', () => {
    const closure = requiredClosure(packageDir);
    expect(closure).toEqual(expect.arrayContaining(['@fbnas/nars → @fbnas/ops → @fbnas/core']));
    expect(closure.filter((chain) => TFJS.test(chain.split(' → ').at(-1)!))).toEqual([]);
  });
});
