/**
 * `@fbnas/multitask` installs and imports without TensorFlow.js (the supernet is `@fbnas/multitask/supernet`): no
 * module its main entry reaches imports `@tensorflow/*` or `@fbnas/backend`, every package they import is a required
 * dependency of its importer, and no required dependency or peer (transitively) is tfjs.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bareImports as importsOf, requiredClosure, TFJS } from '../../../tools/package-checks/pure-entry-graph';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bareImports = (entry: string) => importsOf(entry, packageDir);

describe('pure entry', () => {
  it('src/index.ts imports nothing from tfjs, and only required packages', () => {
    const imports = bareImports(join(packageDir, 'src/index.ts'));
    expect(imports.map(({ specifier }) => specifier)).toEqual(expect.arrayContaining(['@fbnas/core', '@fbnas/ops/specs']));
    expect(imports.filter(({ specifier }) => TFJS.test(specifier))).toEqual([]);
    const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    expect(imports.filter(({ specifier, required }) => !required.includes(packageName(specifier)))).toEqual([]);
  });

  it('the supernet entry does import tfjs (so the check above can fail)', () => {
    expect(bareImports(join(packageDir, 'src/supernet/index.ts')).filter(({ specifier }) => TFJS.test(specifier)).length).toBeGreaterThan(0);
  });

  it('installs without tfjs: no required dependency or peer is tfjs, transitively', () => {
    const closure = requiredClosure(packageDir);
    expect(closure).toEqual(expect.arrayContaining(['@fbnas/multitask → @fbnas/core']));
    expect(closure.filter((chain) => TFJS.test(chain.split(' → ').at(-1)!))).toEqual([]);
  });
});
