import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importCheckpoint } from '../checkpoint/import-checkpoint';
import { builtinModelZoo } from '../builtin-zoo';
import type { ModelZoo } from '../model-zoo';
import { ChecksumStore } from './checksum-store';
import { downloadFile, type DownloadProgress } from './download-file';
import { fbnasHome } from './fbnas-home';

/** Options of `pullModel`. */
export interface PullModelOptions {
  /** Cache folder (default `fbnasHome()`: `$FBNAS_HOME`, else the XDG cache). */
  home?: string;
  /** The zoo to resolve names in (default: the built-in one). */
  zoo?: ModelZoo;
  /** Download progress callback. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Fetch implementation (default: global fetch). */
  fetch?: typeof fetch;
  /** Download and convert again even when cached. */
  force?: boolean;
}

/** Where a pulled model is, and how its checksum was checked. */
export interface PulledModel {
  name: string;
  /** Folder of the converted tfjs model (`model.json` + shards). */
  directory: string;
  /** sha256 of the downloaded checkpoint. */
  sha256: string;
  /** `manifest`: matched the manifest's sha256; `recorded`: matched the first download's; `first-use`: recorded now. */
  checksum: 'manifest' | 'recorded' | 'first-use' | 'cached';
}

/**
 * Downloads a zoo model's reference PyTorch checkpoint (with progress, through a temporary file), verifies its
 * sha256 — against the manifest, or against the hash recorded on the first download when the manifest has none
 * (a later mismatch is an error) — converts it, and caches the tfjs model under `<home>/zoo/<name>/`.
 * A cached model is returned without network access.
 *
 * @throws Error naming the URL for network failures, and the expected and actual hashes on a mismatch; a failed
 *   pull leaves no partial file in the cache.
 */
export async function pullModel(name: string, options: PullModelOptions = {}): Promise<PulledModel> {
  const zoo = options.zoo ?? builtinModelZoo();
  const info = zoo.modelInfo(name);
  const home = options.home ?? fbnasHome();
  const directory = join(home, 'zoo', info.name);
  const provenance = join(home, 'zoo', `${info.name}.source.json`);
  if (!options.force && existsSync(join(directory, 'model.json')) && existsSync(provenance)) {
    const { sha256 } = JSON.parse(await readFile(provenance, 'utf8')) as { sha256: string };
    return { name: info.name, directory, sha256, checksum: 'cached' };
  }
  const store = new ChecksumStore(join(home, 'zoo', 'checksums.json'));
  const download = join(home, 'downloads', `${info.name}.pth`);
  const { sha256, bytes } = await downloadFile(info.checkpoint.url, download, { onProgress: options.onProgress, fetch: options.fetch });
  const recorded = (await store.read())[info.name];
  const expected = info.checkpoint.sha256 ?? recorded?.sha256 ?? null;
  if (expected !== null && expected !== sha256) {
    await rm(download, { force: true });
    const origin = info.checkpoint.sha256 ? 'the zoo manifest' : `the first download (${recorded?.recordedAt})`;
    throw new Error(`checksum mismatch for ${info.checkpoint.url}: expected sha256 ${expected} from ${origin}, got ${sha256}`);
  }
  try {
    const model = await importCheckpoint({ architecture: zoo.loadArchitecture(info.name), from: download, out: directory });
    model.dispose();
  } catch (error) {
    await rm(download, { force: true });
    throw error;
  }
  if (expected === null) await store.record(info.name, { url: info.checkpoint.url, sha256, bytes, recordedAt: new Date().toISOString() });
  await mkdir(join(home, 'zoo'), { recursive: true });
  const temporary = `${provenance}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify({ url: info.checkpoint.url, sha256, bytes, licence: info.checkpoint.licence }, null, 2)}\n`);
  await rename(temporary, provenance);
  return { name: info.name, directory, sha256, checksum: info.checkpoint.sha256 ? 'manifest' : expected ? 'recorded' : 'first-use' };
}
