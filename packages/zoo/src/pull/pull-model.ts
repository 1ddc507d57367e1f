import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpSpecRegistry } from '@fbnas/core';
import { importCheckpoint } from '../checkpoint/import-checkpoint';
import { builtinModelZoo } from '../builtin-zoo';
import { loadZooManifest } from '../load-zoo-manifest';
import type { ModelZoo } from '../model-zoo';
import { ChecksumStore } from './checksum-store';
import { downloadFile, type DownloadProgress } from './download-file';
import { fbnasHome } from './fbnas-home';
import { checkZooCache, zooCachePaths, type Provenance } from './zoo-cache';

/** Options of `pullModel`. */
export interface PullModelOptions {
  /** Cache folder (default `fbnasHome()`: `$FBNAS_HOME`, else the XDG cache). */
  home?: string;
  /** The zoo to resolve names in (default: the built-in one). */
  zoo?: ModelZoo;
  /**
   * A user's `fbnas.zoo/v1` manifest to resolve names in instead: a file path or an https URL (see
   * `loadZooManifest`). Not together with `zoo`.
   */
  manifest?: string;
  /** Download progress callback. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Fetch implementation, for the checkpoint and a `manifest` URL (default: global fetch). */
  fetch?: typeof fetch;
  /** Download and convert again even when a verified copy is cached. */
  force?: boolean;
  /** Keep the downloaded `.pth` (in `<home>/downloads/`) after the conversion; by default it is removed. */
  keepDownload?: boolean;
  /** Limit on the checkpoint's tensor bytes (default 2 GiB; see `@fbnas/torch-checkpoint`). */
  maxTensorBytes?: number;
  /**
   * The op specs the model's architecture uses (default: the built-ins); a zoo of your own whose architectures use
   * contributed ops needs `createBuiltinOpSpecRegistry().extend([mySpec])`.
   */
  ops?: OpSpecRegistry;
}

/** Where a pulled model is, and how its checksum was checked. */
export interface PulledModel {
  name: string;
  /** Folder of the converted tfjs model (`model.json` + shards). */
  directory: string;
  /** sha256 of the downloaded checkpoint. */
  sha256: string;
  /**
   * `manifest`: matched the manifest's sha256; `recorded`: matched the first download's; `first-use`: recorded
   * now; `cached`: a verified copy was already in the cache (nothing downloaded).
   */
  checksum: 'manifest' | 'recorded' | 'first-use' | 'cached';
  /** The kept checkpoint (`keepDownload`), when it is on disk. */
  download?: string;
  /** Why the copy in the cache was not used and the checkpoint was downloaded again, when it was. */
  replacedCache?: string;
}

/** Writes a file through a temporary sibling and a rename. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Downloads a zoo model's reference PyTorch checkpoint (with progress, through a temporary file), verifies its
 * sha256 — against the manifest, or against the hash recorded on the first download of its URL when the
 * manifest has none (a later mismatch is an error) — converts it, caches the tfjs model under
 * `<home>/zoo/<name>/` and removes the download (unless `keepDownload`).
 *
 * A cached model is re-verified before it is returned without network access: it must have been converted from
 * the checkpoint the manifest names (same sha256; same URL when no sha256 is known), and its weight files must
 * still match the sha256 its `model.json` records. Otherwise (a manifest whose sha256 changed, a user's manifest
 * naming a built-in model with other weights, a damaged cache) it is downloaded again (`replacedCache` says why).
 *
 * @throws Error naming the URL and the bytes received for download failures (`cannot download <url>: connection
 *   closed after 1048576 of 4194304 bytes (terminated: other side closed)`), the expected and actual hashes on
 *   a mismatch (`checksum mismatch for <url>: expected sha256 … from the zoo manifest, got …`), and the manifest
 *   and field for an invalid `manifest`; a failed pull leaves no partial file and keeps the previous cache.
 * @example
 * const pulled = await pullModel('fbnet_c', { manifest: 'https://mirror.example.org/fbnas/manifest.json' });
 * const model = await loadZooModel('fbnet_c', { weights: pulled.directory });
 */
export async function pullModel(name: string, options: PullModelOptions = {}): Promise<PulledModel> {
  if (options.zoo !== undefined && options.manifest !== undefined) throw new Error('pullModel: pass either zoo or manifest, not both');
  const zoo = options.manifest !== undefined ? await loadZooManifest(options.manifest, { fetch: options.fetch }) : (options.zoo ?? builtinModelZoo());
  const info = zoo.modelInfo(name);
  const home = options.home ?? fbnasHome();
  const { directory, provenance: provenancePath } = zooCachePaths(home, info.name);
  const download = join(home, 'downloads', `${info.name}.pth`);
  const store = new ChecksumStore(join(home, 'zoo', 'checksums.json'));
  const url = info.checkpoint.url;

  let replacedCache: string | undefined;
  if (!options.force) {
    const cache = await checkZooCache(home, info, store);
    if (cache.state === 'fresh') {
      const kept = existsSync(download) ? { download } : {};
      return { name: info.name, directory, sha256: cache.provenance.sha256, checksum: 'cached', ...kept };
    }
    if (cache.state === 'stale') replacedCache = cache.reason;
  }

  const { sha256, bytes } = await downloadFile(url, download, { onProgress: options.onProgress, fetch: options.fetch });
  const recorded = info.checkpoint.sha256 === null ? await store.lookup(url) : undefined;
  const expected = info.checkpoint.sha256 ?? recorded?.sha256 ?? null;
  if (expected !== null && expected !== sha256) {
    await rm(download, { force: true });
    const origin = info.checkpoint.sha256 ? 'the zoo manifest' : `the first download (${recorded?.recordedAt})`;
    throw new Error(`checksum mismatch for ${url}: expected sha256 ${expected} from ${origin}, got ${sha256}`);
  }
  try {
    const architecture = zoo.loadArchitecture(info.name);
    const model = await importCheckpoint({ architecture, from: download, out: directory, maxTensorBytes: options.maxTensorBytes, ops: options.ops });
    model.dispose();
  } catch (error) {
    await rm(download, { force: true });
    throw error;
  }
  if (expected === null) await store.record(url, { url, sha256, bytes, recordedAt: new Date().toISOString() });
  await mkdir(join(home, 'zoo'), { recursive: true });
  const provenance: Provenance = { name: info.name, url, sha256, bytes, licence: info.checkpoint.licence, pulledAt: new Date().toISOString() };
  await writeAtomically(provenancePath, `${JSON.stringify(provenance, null, 2)}\n`);
  if (!options.keepDownload) await rm(download, { force: true });
  return {
    name: info.name,
    directory,
    sha256,
    checksum: info.checkpoint.sha256 ? 'manifest' : expected ? 'recorded' : 'first-use',
    ...(options.keepDownload ? { download } : {}),
    ...(replacedCache !== undefined ? { replacedCache } : {}),
  };
}
