import { buildLatencyTable, loadLatencyTable, predictLatency, saveLatencyTable, validateLatencyTable } from '@fbnas/latency';
import { builtinSpaceFiles, loadSpace, validateSample, type SearchSpace } from '@fbnas/search-space';
import { getBackend } from '@tensorflow/tfjs-core';
import { readJson } from '@fbnas/train';
import { usageError, type CliIo } from '../cli-io';

/** A built-in DNAS space by name; a usage error naming `--space` otherwise. */
function spaceFlag(command: string, name: string): SearchSpace {
  if (!(name in builtinSpaceFiles)) throw usageError(command, `--space expects one of ${Object.keys(builtinSpaceFiles).join(', ')} (latency tables are per DNAS space), got '${name}'`);
  return loadSpace(name);
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
export async function latencyBuildCommand(flags: { space: string; out?: string; batchSize?: number; repeats?: number; json: boolean }, io: CliIo): Promise<void> {
  const space = spaceFlag('latency build', flags.space);
  const table = await buildLatencyTable(space, {
    batchSize: flags.batchSize ?? 1, repeats: flags.repeats ?? 50,
    onProgress: (p) => io.error(`measured ${(p as { done?: number }).done ?? ''}/${(p as { total?: number }).total ?? ''}`),
  });
  const out = flags.out ?? `${space.name}.lut.json`;
  await saveLatencyTable(out, table);
  io.out(flags.json ? JSON.stringify({ out, space: space.name, backend: getBackend(), batchSize: table.batchSize }) : `latency table of ${space.name} on ${getBackend()} (batch ${table.batchSize}): ${out}`);
}

/** `fbnas latency predict`: Σ of the table's entries for a sample. */
export async function latencyPredictCommand(flags: { space: string; lut: string; sample: string; json: boolean }, io: CliIo): Promise<void> {
  const space = spaceFlag('latency predict', flags.space);
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
export async function latencyValidateCommand(flags: { space: string; lut: string; samples?: number; seed: number; json: boolean }, io: CliIo): Promise<void> {
  const space = spaceFlag('latency validate', flags.space);
  const table = await lutFlag(flags.lut, space);
  const validation = await validateLatencyTable(space, table, { samples: flags.samples ?? 30, seed: flags.seed, onProgress: (done, total) => io.error(`timed ${done}/${total}`) });
  const summary = { medianAbsolutePercentError: validation.medianAbsolutePercentError, p95AbsolutePercentError: validation.p95AbsolutePercentError, spearman: validation.spearman, samples: validation.rows.length };
  io.out(flags.json ? JSON.stringify({ ...summary, rows: validation.rows }, null, 2) : `LUT validation over ${summary.samples} architectures: median error ${summary.medianAbsolutePercentError.toFixed(1)} %, p95 ${summary.p95AbsolutePercentError.toFixed(1)} %, Spearman ${summary.spearman.toFixed(3)}`);
}
