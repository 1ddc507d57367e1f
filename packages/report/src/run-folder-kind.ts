import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ReportInputError } from './report-input-error';

/**
 * The kinds of folder a report is made of:
 * - `search`: a DNAS search (`fbnas search` on an `fbnet*` space): `config.json` with `search`, and `log.jsonl`;
 * - `mask-search`: a DMaskingNAS search (`fbnetv2*` spaces): the same, `config.json` has `kind: "dmasking"`; or a
 *   search with `--pick-resolution train` (`config.json` with `resolutionPick`, one search folder per resolution);
 * - `train`: `fbnas train`: `config.json` with `train`, and `train-log.jsonl`;
 * - `experiment`: `experiment.json` (`fbnas.experiment/v1`);
 * - `demo`: `fbnas demo`: a `search/` run folder and, once retrained, a `retrain/` one;
 * - `nars`: `fbnas nars run` (FBNetV3): `config.json` with `nars`, and `candidates.jsonl`;
 * - `multitask`: `fbnas multitask search` (FBNetV5): `config.json` with `multitaskSearch`, and `log.jsonl`.
 */
export type RunKind = 'search' | 'mask-search' | 'train' | 'experiment' | 'demo' | 'nars' | 'multitask';

/** What a folder of each kind holds, for errors. */
export const RUN_KIND_FILES: Readonly<Record<RunKind, string>> = {
  search: 'config.json with "search" and log.jsonl',
  'mask-search': 'config.json with "kind": "dmasking" and log.jsonl',
  train: 'config.json with "train" and train-log.jsonl',
  experiment: 'experiment.json',
  demo: 'search/ (a search run folder) and retrain/',
  nars: 'config.json with "nars" and candidates.jsonl',
  multitask: 'config.json with "multitaskSearch" and log.jsonl',
};

/**
 * Tells a folder's kind from its files (only `config.json` is read).
 *
 * @throws ReportInputError naming the folder and what each kind needs, when it is none of them.
 * @example
 * await detectRunKind('runs/my-search'); // 'search'
 */
export async function detectRunKind(dir: string): Promise<RunKind> {
  if (existsSync(join(dir, 'experiment.json'))) return 'experiment';
  const configFile = join(dir, 'config.json');
  if (existsSync(configFile)) {
    let config: unknown;
    try {
      config = JSON.parse(await readFile(configFile, 'utf8')) as unknown;
    } catch (error) {
      throw new ReportInputError(configFile, '', `not valid JSON (${(error as Error).message})`);
    }
    const has = (key: string) => typeof config === 'object' && config !== null && key in config;
    if (has('train')) return 'train';
    if (has('nars')) return 'nars';
    if (has('multitaskSearch')) return 'multitask';
    if (has('resolutionPick')) return 'mask-search';
    if (has('search')) return (config as { kind?: unknown }).kind === 'dmasking' ? 'mask-search' : 'search';
    throw new ReportInputError(configFile, '', `expected a run configuration with "search" (a search), "resolutionPick" (a search picking the resolution by training), "train" (a train run), "nars" (a NARS run) or "multitaskSearch" (an FBNetV5 search), got keys ${Object.keys(config ?? {}).join(', ') || 'none'}`);
  }
  if (existsSync(join(dir, 'search', 'config.json'))) return 'demo';
  if (!existsSync(dir)) throw new ReportInputError(dir, '', 'no such folder');
  throw new ReportInputError(dir, '', `not a run folder: expected ${Object.entries(RUN_KIND_FILES).map(([kind, files]) => `${files} (${kind})`).join(', or ')}`);
}
