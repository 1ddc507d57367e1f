import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ZooModel } from '../zoo-manifest';
import type { ChecksumStore } from './checksum-store';
import { modelFolderProblem } from './model-folder-integrity';

/**
 * The zoo cache: `<home>/zoo/<name>/` holds a converted model (tfjs `model.json` + checksummed shards) and
 * `<home>/zoo/<name>.source.json` its provenance, the checkpoint it was converted from:
 * `{ "name", "url", "sha256", "bytes", "licence", "pulledAt" }`.
 */

/** Where a cached model came from (`<home>/zoo/<name>.source.json`). */
export interface Provenance {
  name: string;
  /** URL of the downloaded checkpoint. */
  url: string;
  /** sha256 (hex) of the downloaded checkpoint. */
  sha256: string;
  /** Size of the checkpoint (bytes). */
  bytes: number;
  licence: string;
  /** ISO time of the pull. */
  pulledAt?: string;
}

/** The cache folder of a model and its provenance file. */
export function zooCachePaths(home: string, name: string): { directory: string; provenance: string } {
  return { directory: join(home, 'zoo', name), provenance: join(home, 'zoo', `${name}.source.json`) };
}

/** What the cache holds for a model, checked against the manifest entry it is wanted for. */
export type CacheState =
  | { state: 'absent' }
  | { state: 'stale'; reason: string }
  | { state: 'fresh'; provenance: Provenance };

async function readProvenance(path: string): Promise<Provenance | string> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<Provenance>;
    if (typeof value.url !== 'string' || typeof value.sha256 !== 'string') return `${path} lacks the url and sha256 of the checkpoint`;
    return value as Provenance;
  } catch (error) {
    return `${path}: not readable (${(error as Error).message})`;
  }
}

/**
 * Whether the cached copy was converted from the checkpoint `info` names: its sha256 must be the manifest's
 * (or, when the manifest has none, the one recorded on the first download of the URL); with neither known,
 * the URL must be the same.
 * @returns undefined when it matches, else why not.
 */
export async function provenanceMismatch(provenance: Provenance, info: ZooModel, store: ChecksumStore): Promise<string | undefined> {
  const recorded = info.checkpoint.sha256 === null ? await store.lookup(info.checkpoint.url) : undefined;
  const expected = info.checkpoint.sha256 ?? recorded?.sha256;
  const cached = `the cached model was converted from ${provenance.url} (sha256 ${provenance.sha256})`;
  if (expected !== undefined && expected !== provenance.sha256) {
    const origin = info.checkpoint.sha256 !== null ? 'the zoo manifest names' : `the first download of ${info.checkpoint.url} recorded`;
    return `${origin} sha256 ${expected}, but ${cached}`;
  }
  if (expected === undefined && provenance.url !== info.checkpoint.url) return `the zoo manifest names ${info.checkpoint.url}, but ${cached}`;
  return undefined;
}

/**
 * Checks the cached copy of `info` in `home`: absent; stale (another checkpoint than the manifest names, a
 * missing or unreadable provenance file, or model files that no longer match their recorded sha256); or fresh.
 * `verifyFiles: false` skips hashing the weight files (loading verifies them anyway).
 */
export async function checkZooCache(home: string, info: ZooModel, store: ChecksumStore, verifyFiles = true): Promise<CacheState> {
  const { directory, provenance: provenancePath } = zooCachePaths(home, info.name);
  if (!existsSync(directory)) return { state: 'absent' };
  if (!existsSync(join(directory, 'model.json'))) return { state: 'stale', reason: `${directory} holds no model.json` };
  if (!existsSync(provenancePath)) return { state: 'stale', reason: `${provenancePath} (where the cached model came from) is missing` };
  const provenance = await readProvenance(provenancePath);
  if (typeof provenance === 'string') return { state: 'stale', reason: provenance };
  const mismatch = await provenanceMismatch(provenance, info, store);
  if (mismatch !== undefined) return { state: 'stale', reason: mismatch };
  const problem = verifyFiles ? await modelFolderProblem(directory) : undefined;
  if (problem !== undefined) return { state: 'stale', reason: problem };
  return { state: 'fresh', provenance };
}
