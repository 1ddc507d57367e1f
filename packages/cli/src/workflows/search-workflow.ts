import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs-core';
import { countArch, type ArchDefinition, type OpSpecRegistry } from '@fbnas/core';
import { selectBackend, type BackendSelection } from '@fbnas/backend';
import { splitDataset } from '@fbnas/data';
import {
  buildLatencyTable, expectedLatency, loadLatencyTable, macsTable, predictLatency, saveLatencyTable, spaceSha256, type LatencyTable,
} from '@fbnas/latency';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { derive, loadSpace, type ArchitectureSample, type SearchSpace } from '@fbnas/search-space';
import {
  defaultSearchConfig, layoutFromSpace, runSearch, writeJsonAtomic, type RunLock, type DataParallelGroup, type SearchConfig, type SearchResult,
} from '@fbnas/train';
import { batchSource, limit, loadData } from './load-data';
import { withRunFolder } from './run-folder';
import { sha256Json } from '@fbnas/core';
import { runMetadata } from './run-metadata';
import { sampleFromProbabilities } from './sample-architectures';
import type { SearchRunOptions } from './search-run-options';

/** Options of `searchWorkflow` (the `fbnas search` command). */
export interface SearchWorkflowOptions extends SearchRunOptions<SearchSpace> {
  mode?: SearchConfig['mode'];
  /** `latency` (a LUT measured here, or `lut`) or `macs`. */
  cost?: 'latency' | 'macs';
  /** A LUT file to use instead of measuring one. */
  lut?: string;
  /** Batch size of the LUT measurement (default 1: deployment latency). */
  lutBatchSize?: number;
  lutRepeats?: number;
  /** Architectures to sample from P_θ besides the argmax (default 5). */
  samples?: number;
  /**
   * Search as one worker of a data-parallel group (`runSearch`'s `dataParallel`; see `searchDataParallel`). Rank 0
   * locks the folder, measures or loads the cost table and writes everything; the other ranks read the table
   * rank 0 wrote, search their shards, and return no derived architectures.
   */
  dataParallel?: DataParallelGroup;
}

/** One derived architecture with its predicted cost. */
export interface DerivedArchitecture {
  name: string;
  sample: ArchitectureSample;
  architecture: ArchDefinition;
  /** Σ LUT entries (µs at the LUT's batch size, or MACs). */
  predictedCost: number;
  costUnit: string;
  macs: number;
}

/** What `searchWorkflow` produced. */
export interface SearchWorkflowResult {
  backend: BackendSelection;
  space: SearchSpace;
  table: LatencyTable;
  result: SearchResult;
  architectures: DerivedArchitecture[];
}

/**
 * `fbnas search`: selects the backend, loads the space (a built-in name or a parsed space, its ops resolved with
 * `ops`) and data (80/20 split for weights and θ unless `weightFraction` says otherwise), measures (or
 * loads) the latency table, runs the resumable DNAS search in `out`, then derives the argmax architecture and
 * `samples` architectures drawn from P_θ, each with its predicted latency and MACs (`architectures.json`,
 * `architecture.json` for the argmax). Re-running on the same folder resumes.
 */
export async function searchWorkflow(options: SearchWorkflowOptions): Promise<SearchWorkflowResult> {
  const say = options.onMessage ?? (() => {});
  const backend = await selectBackend({ onWarning: say });
  say(`backend: ${backend.backend}${backend.trainingKernels ? ' (fbnas training kernels)' : ''}`);
  const space = typeof options.space === 'string' ? loadSpace(options.space) : options.space;
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const layout = layoutFromSpace(space, ops);
  const data = await loadData(options.data);
  const train = limit(data.train, options.trainImages, options.seed);
  const config = defaultSearchConfig({ epochs: options.epochs, seed: options.seed, ...(options.batchSize ? { batchSize: options.batchSize } : {}), ...(options.mode ? { mode: options.mode } : {}), ...options.config });
  const givenTable = options.cost !== 'macs' && options.lut ? await loadLatencyTable(options.lut, space) : undefined;
  const inputs = {
    space: { name: space.name, sha256: spaceSha256(space) },
    data: { spec: options.data, trainImages: options.trainImages ?? null, count: train.count, ...(options.weightFraction === undefined ? {} : { weightFraction: options.weightFraction }) },
    cost: { kind: options.cost ?? 'latency', lut: givenTable ? sha256Json(givenTable) : null },
  };
  const group = options.dataParallel;
  const search = async (lock: RunLock | undefined) => {
    const { first, second } = splitDataset(train, { fraction: options.weightFraction ?? 0.8, seed: options.seed });
    say(`data: ${options.data}: ${first.count} images for the weights, ${second.count} for θ`);
    // Data-parallel: rank 0 measures (or loads) the table alone, then the others load what it wrote.
    if (group !== undefined && group.rank > 0) group.barrier();
    const table = givenTable ?? await latencyTableFor(space, ops, options, say);
    if (group !== undefined && group.rank === 0 && group.size > 1) group.barrier();
    const shape = [space.inputSize, space.inputSize, space.inputChannels] as const;
    const layerIds = space.layers.map((l) => l.id);
    const candidateNames = space.layers.map((l) => [...l.candidates]);
    const result = await runSearch({
      layout, config, runFolder: options.out, shape, classes: space.numClasses, inputs, ...(lock === undefined ? {} : { lock }),
      weightBatches: batchSource(first, { batchSize: config.batchSize, seed: options.seed, normalize: data.normalize }),
      architectureBatches: batchSource(second, { batchSize: config.batchSize, seed: options.seed + 1, normalize: data.normalize }),
      expectedCost: (p: Tensor2D): Scalar => expectedLatency(table, layerIds, candidateNames, p),
      metadata: { ...(await runMetadata()), space: space.definition, costTable: { unit: table.unit, space: table.space }, ...(group === undefined ? {} : { dataParallelWorkers: group.size }) },
      stopAfterEpoch: options.stopAfterEpoch,
      onMessage: say,
      onEpoch: options.onEpoch,
      onStep: (phase, epoch, step) => options.onStep?.(phase, epoch, step, Math.ceil((phase === 'weights' ? first.count : second.count) / config.batchSize)),
      ...(group === undefined ? {} : { dataParallel: group }),
    });
    return { backend, space, table, result, architectures: lock === undefined ? [] : await deriveArchitectures(space, ops, table, result, options, config.epochs) };
  };
  // Ranks > 0 of a data-parallel group neither lock nor write the folder (rank 0 does both).
  if (group !== undefined && group.rank > 0) return search(undefined);
  return withRunFolder(options.out, { search: config, inputs }, search);
}

/** The argmax and `options.samples` architectures drawn from P_θ, with predicted cost and MACs; saved when the search is done. */
async function deriveArchitectures(
  space: SearchSpace, ops: OpSpecRegistry, table: LatencyTable, result: SearchResult, options: SearchWorkflowOptions, epochs: number,
): Promise<DerivedArchitecture[]> {
  const samples = [{ name: 'argmax', sample: result.argmax }, ...sampleFromProbabilities(result.probabilities, options.samples ?? 5, options.seed).map((sample, i) => ({ name: `sample-${i + 1}`, sample }))];
  const architectures = samples.map(({ name, sample }) => {
    const architecture = derive(space, sample, { name: `${space.name}-${name}` });
    return { name, sample, architecture, predictedCost: predictLatency(table, sample), costUnit: table.unit, macs: countArch(architecture, ops).macs };
  });
  if (result.epochsCompleted === epochs) {
    await writeJsonAtomic(join(options.out, 'architectures.json'), architectures);
    await writeJsonAtomic(join(options.out, 'architecture.json'), architectures[0]!.architecture);
  }
  return architectures;
}

async function latencyTableFor(space: SearchSpace, ops: OpSpecRegistry, options: SearchWorkflowOptions, say: (m: string) => void): Promise<LatencyTable> {
  if (options.cost === 'macs') return macsTable(space, { ops });
  if (options.lut) return loadLatencyTable(options.lut, space);
  const path = join(options.out, 'lut.json');
  if (existsSync(path)) return loadLatencyTable(path, space);
  say(`measuring the latency table of ${space.name} on this machine (batch ${options.lutBatchSize ?? 1})…`);
  const table = await buildLatencyTable(space, { batchSize: options.lutBatchSize ?? 1, warmup: 10, repeats: options.lutRepeats ?? 50, ops });
  await saveLatencyTable(path, table);
  return table;
}
