// Test helpers: the run folders under __fixtures__ and temporary copies of them to edit. They were made with the
// built CLI (checkpoint/ and model/ left out):
//   dnas-search: fbnas demo --epochs 2 --train-epochs 1 --train-images 200 --repeats 3 --out D   (D/search)
//   mask-search: fbnas search --space fbnetv2-micro-28 --target-macs 600000 --epochs 2 --train-images 200
//   train:       fbnas train --arch <a fbnet-micro-28 search>/architecture.json --epochs 2 --train-images 200
//   multitask-search: fbnas multitask search --epochs 3 --train-images 256   (report.html left out too)
//   nars-run:    docs/results/nars-run (fbnas nars run --space nars-micro-28 --target-macs 1500000); that run predates
//                the picks' `predicted` and evolved.json, so those are synthetic numbers added to exercise the reader.
//   experiment:  synthetic numbers in the fbnas.experiment/v1 format (not a result).
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `dnas-search`: `fbnas demo --epochs 2 --train-images 200 --repeats 3`'s search (latency table in the folder). */
export type FixtureName = 'dnas-search' | 'mask-search' | 'train' | 'experiment' | 'nars-run' | 'multitask-search';

/** The fixture folder itself (read only). */
export function fixtureDir(name: FixtureName): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** A fresh temporary folder. */
export function temporaryDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'fbnas-report-'));
}

/** A copy of a fixture in a fresh temporary folder (to edit or to write a report into). */
export async function copyFixture(name: FixtureName, into?: string): Promise<string> {
  const target = into ?? join(await temporaryDir(), name);
  await cp(fixtureDir(name), target, { recursive: true });
  return target;
}

/**
 * An `fbnas demo` folder: the DNAS search as `search/`, the training run as `retrain/`, and with `compareRandom`
 * the experiment fixture as `compare-random/` (what `fbnas demo --compare-random` adds).
 */
export async function demoFolder(options: { compareRandom?: boolean } = {}): Promise<string> {
  const dir = join(await temporaryDir(), 'demo');
  await copyFixture('dnas-search', join(dir, 'search'));
  await copyFixture('train', join(dir, 'retrain'));
  if (options.compareRandom) await copyFixture('experiment', join(dir, 'compare-random'));
  return dir;
}

/** Rewrites a JSON file after `edit` changed its parsed value in place. */
export async function editJson(file: string, edit: (value: Record<string, unknown>) => void): Promise<void> {
  const value = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  await writeFile(file, JSON.stringify(value));
}
