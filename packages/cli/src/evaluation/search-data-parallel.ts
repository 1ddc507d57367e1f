import { resolve } from 'node:path';
import { builtinSpaceFiles } from '@fbnas/search-space';
import { runDataParallelThreads, type SearchConfig, type SearchEpochLog, type SearchResult } from '@fbnas/train';
import type { DerivedArchitecture } from '../workflows/search-workflow';

/** What every data-parallel search thread gets: `fbnas search`'s inputs on a DNAS space, as JSON. */
export interface DataParallelSearchInput {
  job: 'search';
  /** A built-in DNAS space name or the path of a space file. */
  space: string;
  /** An ES module of the user's op specs (`--ops`), imported by each thread. */
  opsModule?: string;
  data: string;
  out: string;
  epochs: number;
  seed: number;
  batchSize?: number;
  mode?: SearchConfig['mode'];
  trainImages?: number;
  cost?: 'latency' | 'macs';
  lut?: string;
  samples?: number;
  /** Search config overrides (the recipe and the loss). */
  config?: Partial<SearchConfig>;
  stopAfterEpoch?: number;
}

/** What a data-parallel search thread reports to the launcher. */
export type DataParallelSearchReport =
  | { message: string }
  | { epoch: SearchEpochLog }
  | { step: { phase: 'weights' | 'architecture'; epoch: number; step: number; steps: number } };

/** What `searchDataParallel` resolves to: the search and the architectures rank 0 derived and saved. */
export interface DataParallelSearchResult {
  result: SearchResult;
  architectures: DerivedArchitecture[];
}

/** Callbacks of `searchDataParallel` (rank 0's progress). */
export interface DataParallelSearchCallbacks {
  onMessage: (message: string) => void;
  onEpoch?: (log: SearchEpochLog) => void;
  onStep?: (phase: 'weights' | 'architecture', epoch: number, step: number, steps: number) => void;
}

/**
 * `fbnas search --data-parallel N` on a DNAS space: `searchWorkflow` on `workers` threads of this process
 * (`dist/data-parallel-thread.js`), each with its own tfjs backend and its shard of every weight and θ batch;
 * gradients are summed each step, batch norms synchronized and Gumbel samples drawn for the global batch, so θ and
 * the weights equal a one-thread search's at the same batch size. Rank 0 locks and writes the run folder (its cost
 * table first, which the others then read), and derives the architectures; the folder resumes with any number of
 * workers.
 */
export async function searchDataParallel(
  input: DataParallelSearchInput,
  workers: number,
  callbacks: DataParallelSearchCallbacks,
  workerModule: string | URL = new URL('./data-parallel-thread.js', import.meta.url),
): Promise<DataParallelSearchResult> {
  const absolute: DataParallelSearchInput = {
    ...input, out: resolve(input.out),
    ...(input.opsModule === undefined ? {} : { opsModule: resolve(input.opsModule) }),
    ...(input.lut === undefined ? {} : { lut: resolve(input.lut) }),
    ...(Object.hasOwn(builtinSpaceFiles, input.space) ? {} : { space: resolve(input.space) }),
  };
  callbacks.onMessage(`searching on ${workers} data-parallel threads`);
  return runDataParallelThreads<DataParallelSearchResult>({
    size: workers, workerModule, input: absolute,
    onMessage: (report) => {
      const r = report as DataParallelSearchReport;
      if ('epoch' in r) callbacks.onEpoch?.(r.epoch);
      else if ('step' in r) callbacks.onStep?.(r.step.phase, r.step.epoch, r.step.step, r.step.steps);
      else callbacks.onMessage(r.message);
    },
  });
}
