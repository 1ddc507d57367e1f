import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinArchitectureFiles } from './architectures';
import { createModelZoo, type ModelZoo } from './model-zoo';
import { fetchBytes } from './pull/fetch-bytes';
import { validateZooManifest } from './validate-zoo-manifest';

/** The default limit on the size of a manifest and of each architecture file: 16 MiB. */
export const DEFAULT_MAX_MANIFEST_BYTES = 16 * 1024 ** 2;

/** Options of `loadZooManifest`. */
export interface LoadZooManifestOptions {
  /** The fetch implementation for URLs (default: global fetch). */
  fetch?: typeof fetch;
  /** The most bytes the manifest, and each architecture file, may have (default 16 MiB). */
  maxBytes?: number;
}

/** https anywhere, plain http only to this machine: the manifest carries the checkpoints' sha256. */
const SECURE_URL = /^(https:\/\/\S+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/\S*)$/;

type Source = { kind: 'url'; url: string } | { kind: 'file'; path: string };

function parseSource(source: string): Source {
  if (source.startsWith('file://')) return { kind: 'file', path: fileURLToPath(source) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    if (!SECURE_URL.test(source)) {
      throw new Error(`${source}: expected a zoo manifest file or an https URL (plain http only to 127.0.0.1/localhost)`);
    }
    return { kind: 'url', url: source };
  }
  return { kind: 'file', path: resolve(source) };
}

const notFound = (error: unknown) => /^(cannot download .*: HTTP 404|.*ENOENT)/.test((error as Error).message);

async function readSource(source: Source, options: LoadZooManifestOptions, what: string): Promise<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
  if (source.kind === 'url') {
    return new TextDecoder().decode(await fetchBytes(source.url, { fetch: options.fetch, maxBytes, maxBytesOption: 'maxBytes' }));
  }
  let size: number;
  try {
    size = (await stat(source.path)).size;
  } catch (error) {
    throw new Error(`${source.path}: cannot read the ${what} (${(error as Error).message})`, { cause: error });
  }
  if (size > maxBytes) throw new Error(`${source.path}: the ${what} has ${size} bytes, more than the limit of ${maxBytes}; raise the maxBytes option to read it`);
  return readFile(source.path, 'utf8');
}

function parseJson(text: string, where: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: the ${what} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** An architecture file the manifest names: beside the manifest, else the built-in file of that name. */
async function readArchitecture(file: string, manifest: Source, where: string, path: string, options: LoadZooManifestOptions): Promise<unknown> {
  const beside: Source = manifest.kind === 'url' ? { kind: 'url', url: new URL(file, manifest.url).href } : { kind: 'file', path: resolve(dirname(manifest.path), file) };
  const location = beside.kind === 'url' ? beside.url : beside.path;
  if (beside.kind === 'url' && !SECURE_URL.test(beside.url)) {
    throw new Error(`${where}: ${path}: expected an architecture file beside the manifest, got ${location}`);
  }
  try {
    return parseJson(await readSource(beside, options, 'architecture file'), location, 'architecture file');
  } catch (error) {
    if (notFound(error) && Object.hasOwn(builtinArchitectureFiles, file)) return builtinArchitectureFiles[file];
    const builtin = Object.keys(builtinArchitectureFiles).join(', ');
    throw new Error(
      `${where}: ${path}: cannot read '${file}' beside the manifest, and it is not a built-in architecture (${builtin}): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Loads a user's `fbnas.zoo/v1` manifest (a mirror of the built-in zoo, or a zoo of your own) from a file path
 * or an https URL (plain http only to 127.0.0.1/localhost), validates it, and reads the architecture files
 * its models name: beside the manifest (relative to its folder or URL), else the built-in architecture file
 * of that name (`fbnet_c.json`, `FBNetV2_F1.json`, …), so a mirror needs only a manifest with its own URLs.
 *
 * @throws Error naming the manifest (path or URL) and the field: `my-zoo.json: models[0].checkpoint.sha256:
 *   expected null or 64 lowercase hex digits, got 'abc'`; `my-zoo.json: the zoo manifest is not valid JSON (…)`;
 *   `cannot download https://…/manifest.json: HTTP 404 Not Found; 0 bytes received`; `my-zoo.json:
 *   models[0].architecture: cannot read 'mine.json' beside the manifest, and it is not a built-in architecture (…)`.
 * @example
 * const zoo = await loadZooManifest('https://mirror.example.org/fbnas/manifest.json');
 * await pullModel('fbnet_c', { zoo });
 */
export async function loadZooManifest(source: string, options: LoadZooManifestOptions = {}): Promise<ModelZoo> {
  const parsed = parseSource(source);
  const json = parseJson(await readSource(parsed, options, 'zoo manifest'), source, 'zoo manifest');
  let manifest;
  try {
    manifest = validateZooManifest(json);
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`, { cause: error });
  }
  const files: Record<string, unknown> = {};
  for (const [index, model] of manifest.models.entries()) {
    if (Object.hasOwn(files, model.architecture)) continue;
    files[model.architecture] = await readArchitecture(model.architecture, parsed, source, `models[${index}].architecture`, options);
  }
  try {
    return createModelZoo(manifest, files);
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`, { cause: error });
  }
}
