/**
 * The import graph of a package entry, for tests that prove an entry installs and runs without TensorFlow.js
 * (`packages/ops/src/pure-entries.test.ts`, `packages/latency/src/pure-entry.test.ts`): bare imports reached from an
 * entry, following relative imports and workspace packages to their sources, and the packages a package requires,
 * transitively.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** Specifiers that pull TensorFlow.js. */
export const TFJS = /^(@tensorflow\/|@fbnas\/backend(\/|$))/;

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

/**
 * `importer → package` for every bare import reached from `entry`, following workspace packages to their sources;
 * tfjs specifiers are reported, not followed. Importers are named relative to `packageDir`.
 */
export function bareImports(entry: string, packageDir: string): Array<{ importer: string; specifier: string; required: readonly string[] }> {
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
      if (bare && TFJS.test(specifier)) continue;
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
export function requiredClosure(dir: string, path: string[] = [], out: string[] = []): string[] {
  const manifest = readPackageJson(dir);
  for (const name of requiredPackages(manifest)) {
    const chain = [...path, manifest.name, name];
    out.push(chain.join(' → '));
    if (name.startsWith('@fbnas/') && !path.includes(name)) requiredClosure(packageDirOf(name, dir), [...path, manifest.name], out);
  }
  return out;
}
