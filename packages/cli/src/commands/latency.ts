import type { OpSpecRegistry } from '@fbnas/core';
import { buildLatencyTable, loadLatencyTable, predictLatency, saveLatencyTable, validateLatencyTable } from '@fbnas/latency';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { validateSample, type SearchSpace } from '@fbnas/search-space';
import { getBackend } from '@tensorflow/tfjs-core';
import { readJson } from '@fbnas/train';
import type { CliIo } from '../cli-io';
import { spaceFromFlag } from '../space-flag';

/** Flags every `fbnas latency` command shares: the DNAS space (a built-in name or a space file) and the op registry. */
export interface LatencySpaceFlags {
  /** `--space NAME|FILE.json`. */
  space: string;
  /** `--ops MODULE`'s registry (default: the built-ins). */
  ops?: OpSpecRegistry;
}

/** `--space`: a built-in DNAS space or a DNAS space file checked against the ops; a usage error naming `--space` otherwise. */
function spaceFlag(command: string, flags: LatencySpaceFlags): SearchSpace {
  return spaceFromFlag(command, flags.space, flags.ops ?? createBuiltinOpSpecRegistry(), 'dnas').space as SearchSpace;
}

/** The latency table of `--lut FILE`, errors prefixed with the flag. */
async function lutFlag(file: string, space: SearchSpace) {
  try {
    return await loadLatencyTable(file, space);
  } catch (error) {
    throw new Error(`--lut ${file}: ${(error as Error).message.replace(`${file}: `, '')}`, { cause: error });
  }
}

/** `fbnas latency build`: measures every block of the space on the active backend and saves the table atomically. */
export async function latencyBuildCommand(flags: LatencySpaceFlags & { out?: string; batchSize?: number; repeats?: number; json: boolean }, io: CliIo): Promise<void> {
  const space = spaceFlag('latency build', flags);
  const table = await buildLatencyTable(space, {
    batchSize: flags.batchSize ?? 1, repeats: flags.repeats ?? 50, ...(flags.ops === undefined ? {} : { ops: flags.ops }),
    onProgress: (p) => io.error(`measured ${(p as { done?: number }).done ?? ''}/${(p as { total?: number }).total ?? ''}`),
  });
  const out = flags.out ?? `${space.name}.lut.json`;
  await saveLatencyTable(out, table);
  io.out(flags.json ? JSON.stringify({ out, space: space.name, backend: getBackend(), batchSize: table.batchSize }) : `latency table of ${space.name} on ${getBackend()} (batch ${table.batchSize}): ${out}`);
}

/** `fbnas latency predict`: Σ of the table's entries for a sample. */
export async function latencyPredictCommand(flags: LatencySpaceFlags & { lut: string; sample: string; json: boolean }, io: CliIo): Promise<void> {
  const space = spaceFlag('latency predict', flags);
  const table = await lutFlag(flags.lut, space);
  let sample;
  try {
    sample = validateSample(space, await readJson(flags.sample));
  } catch (error) {
    throw new Error(`--sample ${flags.sample}: ${(error as Error).message}`, { cause: error });
  }
  const us = predictLatency(table, sample);
  io.out(flags.json ? JSON.stringify({ predictedUs: us, unit: table.unit }) : `predicted: ${us.toFixed(0)} ${table.unit}`);
}

/** `fbnas latency validate`: predicted vs measured latency of random architectures (median/p95 error, Spearman). */
export async function latencyValidateCommand(flags: LatencySpaceFlags & { lut: string; samples?: number; seed: number; json: boolean }, io: CliIo): Promise<void> {
  const space = spaceFlag('latency validate', flags);
  const table = await lutFlag(flags.lut, space);
  const validation = await validateLatencyTable(space, table, {
    samples: flags.samples ?? 30, seed: flags.seed, onProgress: (done, total) => io.error(`timed ${done}/${total}`), ...(flags.ops === undefined ? {} : { ops: flags.ops }),
  });
  const summary = { medianAbsolutePercentError: validation.medianAbsolutePercentError, p95AbsolutePercentError: validation.p95AbsolutePercentError, spearman: validation.spearman, samples: validation.rows.length };
  io.out(flags.json ? JSON.stringify({ ...summary, rows: validation.rows }, null, 2) : `LUT validation over ${summary.samples} architectures: median error ${summary.medianAbsolutePercentError.toFixed(1)} %, p95 ${summary.p95AbsolutePercentError.toFixed(1)} %, Spearman ${summary.spearman.toFixed(3)}`);
}
