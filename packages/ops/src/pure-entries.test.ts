/**
 * `@fbnas/ops/specs` and `@fbnas/ops/testing` install and import without TensorFlow.js: no module they reach
 * (following relative imports and workspace packages to their sources) imports `@tensorflow/*` or
 * `@fbnas/backend`, every package they import is a non-optional dependency of its importer, and no non-optional
 * dependency or peer of the package (transitively through workspace packages) is tfjs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const TFJS = /^(@tensorflow\/|@fbnas\/backend(\/|$))/;
const compilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  customConditions: ['@fbnas/source'],
};

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** The installed package directory of `name` as seen from `fromDir`. */
function packageDirOf(name: string, fromDir: string): string {
  return dirname(createRequire(join(fromDir, 'package.json')).resolve(`${name}/package.json`));
}

/** Names a package needs installed: its dependencies and its peers not marked optional. */
function requiredPackages(manifest: PackageJson): string[] {
  const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => manifest.peerDependenciesMeta?.[name]?.optional !== true);
  return [...Object.keys(manifest.dependencies ?? {}), ...peers];
}

/** `importer → package` for every bare import reached from `entry`, following workspace packages to their sources. */
function bareImports(entry: string): Array<{ importer: string; specifier: string; required: readonly string[] }> {
  const found: Array<{ importer: string; specifier: string; required: readonly string[] }> = [];
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const owner = ownerPackage(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('node:')) continue;
      const bare = !specifier.startsWith('.');
      if (bare) found.push({ importer: relative(packageDir, file), specifier, required: requiredPackages(readPackageJson(owner)) });
      if (bare && TFJS.test(specifier)) continue; // reported, not followed
      const resolved = ts.resolveModuleName(specifier, file, compilerOptions, ts.sys).resolvedModule;
      if (resolved === undefined) throw new Error(`${relative(packageDir, file)}: cannot resolve '${specifier}'`);
      if (!resolved.isExternalLibraryImport && /\.tsx?$/.test(resolved.resolvedFileName) && !resolved.resolvedFileName.endsWith('.d.ts')) {
        pending.push(resolved.resolvedFileName);
      }
    }
  }
  return found;
}

/** The directory of the package.json nearest above `file`. */
function ownerPackage(file: string): string {
  let dir = dirname(file);
  while (!ts.sys.fileExists(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** The package's required packages, transitively: `path → name` (e.g. `@fbnas/latency → @fbnas/ops`). */
function requiredClosure(dir: string, path: string[] = [], out: string[] = []): string[] {
  const manifest = readPackageJson(dir);
  for (const name of requiredPackages(manifest)) {
    const chain = [...path, manifest.name, name];
    out.push(chain.join(' → '));
    if (name.startsWith('@fbnas/') && !path.includes(name)) requiredClosure(packageDirOf(name, dir), [...path, manifest.name], out);
  }
  return out;
}

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
