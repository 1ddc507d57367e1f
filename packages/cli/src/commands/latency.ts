import type { OpSpecRegistry } from '@fbnas/core';
import { resolve } from 'node:path';
import type { JsonValue } from '@fbnas/core';
import { createQueueEvaluator } from '@fbnas/evaluator';
import {
  assertModelMatchesSpace, assertTableMatchesSpace, buildLatencyModel, buildLatencyTable, loadLatencyModel, parseLatencyModel, saveLatencyModel,
  validateLatencyModel, type LatencyMetadata, type LatencyModel, loadLatencyTable, parseLatencyTable, predictLatency, saveLatencyTable, validateLatencyTable, type LatencyTable,
} from '@fbnas/latency';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { builtinMaskSpaceFiles, builtinSpaceFiles, validateSample, type SearchSpace } from '@fbnas/search-space';
import { getBackend } from '@tensorflow/tfjs-core';
import { readJson } from '@fbnas/train';
import { usageError, type CliIo } from '../cli-io';
import { LATENCY_MODEL_JOB, LATENCY_TABLE_JOB, type LatencyModelJobPayload, type LatencyTableJobPayload } from '../evaluation/latency-job';
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

/**
 * `fbnas latency build`: measures every block of the space on the active backend and saves the table atomically.
 * With `queue` (`--queue redis://host:port`), a worker of that queue measures it instead (`fbnas worker --queue URL`
 * started on the target device): the table comes back with that machine's metadata and is checked against the space
 * before it is saved.
 */
export async function latencyBuildCommand(
  flags: LatencySpaceFlags & { out?: string; batchSize?: number; repeats?: number; json: boolean; queue?: string; opsModule?: string },
  io: CliIo,
): Promise<void> {
  const space = spaceFlag('latency build', flags);
  const out = flags.out ?? `${space.name}.lut.json`;
  let table: LatencyTable;
  let where: string;
  if (flags.queue !== undefined) {
    const payload: LatencyTableJobPayload = {
      space: jobSpace(flags.space, builtinSpaceFiles, space.definition), ...jobOps(flags.opsModule),
      batchSize: flags.batchSize ?? 1, repeats: flags.repeats ?? 50, requestedAt: new Date().toISOString(),
    };
    ({ value: table, where } = await onQueueWorker(flags.queue, { command: 'latency build', doing: `measuring ${space.name}`, id: `latency-${space.name}`, kind: LATENCY_TABLE_JOB, payload }, io, (value) => {
      const parsed = parseLatencyTable(value);
      assertTableMatchesSpace(parsed, space);
      return parsed;
    }));
  } else {
    table = await buildLatencyTable(space, {
      batchSize: flags.batchSize ?? 1, repeats: flags.repeats ?? 50, ...(flags.ops === undefined ? {} : { ops: flags.ops }),
      onProgress: (p) => io.error(`measured ${p.done}/${p.total}`),
    });
    where = getBackend();
  }
  await saveLatencyTable(out, table);
  io.out(flags.json ? JSON.stringify({ out, space: space.name, backend: table.metadata.backend, cpu: table.metadata.cpu, batchSize: table.batchSize }) : `latency table of ${space.name} on ${where} (batch ${table.batchSize}): ${out}`);
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

/**
 * `fbnas latency validate`: predicted vs measured latency of random architectures (median/p95 error, Spearman): a
 * DNAS space's latency table (`--lut`), or a mask space's latency model (`--latency-model`, on networks drawn with
 * the seed after the fit's unless `--seed` is given).
 */
export async function latencyValidateCommand(
  flags: LatencySpaceFlags & { lut?: string; latencyModel?: string; samples?: number; seed?: number; json: boolean },
  io: CliIo,
): Promise<void> {
  const resolved = spaceFromFlag('latency validate', flags.space, flags.ops ?? createBuiltinOpSpecRegistry());
  if (resolved.kind === 'mask') {
    if (flags.latencyModel === undefined || flags.lut !== undefined) {
      throw usageError('latency validate', `--space ${flags.space} is a DMaskingNAS space: give --latency-model FILE (from fbnas latency fit), not --lut`);
    }
    const file = flags.latencyModel;
    const model = await loadLatencyModel(file, resolved.space).catch((error: Error) => {
      throw new Error(`--latency-model ${file}: ${error.message.replace(`${file}: `, '')}`, { cause: error });
    });
    const validation = await validateLatencyModel(resolved.space, model, {
      samples: flags.samples ?? 30, ...(flags.seed === undefined ? {} : { seed: flags.seed }), onProgress: (done, total) => io.error(`timed ${done}/${total}`),
      ...(flags.ops === undefined ? {} : { ops: flags.ops }),
    });
    printValidation('latency model', validation, io, flags.json);
    return;
  }
  if (flags.lut === undefined || flags.latencyModel !== undefined) {
    throw usageError('latency validate', `--space ${flags.space} is a DNAS space: give --lut FILE (from fbnas latency build), not --latency-model`);
  }
  const space = resolved.space;
  const table = await lutFlag(flags.lut, space);
  const validation = await validateLatencyTable(space, table, {
    samples: flags.samples ?? 30, seed: flags.seed ?? 0, onProgress: (done, total) => io.error(`timed ${done}/${total}`), ...(flags.ops === undefined ? {} : { ops: flags.ops }),
  });
  printValidation('LUT', validation, io, flags.json);
}

/** The validation's summary line (or JSON with every row). */
function printValidation(
  what: string, validation: { medianAbsolutePercentError: number; p95AbsolutePercentError: number; spearman: number; rows: readonly unknown[] }, io: CliIo, json: boolean,
): void {
  const summary = { medianAbsolutePercentError: validation.medianAbsolutePercentError, p95AbsolutePercentError: validation.p95AbsolutePercentError, spearman: validation.spearman, samples: validation.rows.length };
  io.out(json ? JSON.stringify({ ...summary, rows: validation.rows }, null, 2) : `${what} validation over ${summary.samples} architectures: median error ${summary.medianAbsolutePercentError.toFixed(1)} %, p95 ${summary.p95AbsolutePercentError.toFixed(1)} %, Spearman ${summary.spearman.toFixed(3)}`);
}

/**
 * `fbnas latency fit`: times `--networks` random networks of a DMaskingNAS (mask) space end to end on the active
 * backend, fits the linear latency model `intercept + perLayer·layers + perMac·MACs + perOutputElement·outputElements`
 * to them, and saves it atomically (`fbnas.latency-model/v1`) with its leave-one-out error; `fbnas search
 * --target-latency US --latency-model FILE` then steers a mask search to a latency. With `queue` (`--queue
 * redis://host:port`), a worker of that queue fits it on its machine (`fbnas worker --queue URL` started on the target
 * device); the model comes back with that machine's metadata and is checked against the space before it is saved.
 */
export async function latencyFitCommand(
  flags: LatencySpaceFlags & { out?: string; networks?: number; seed: number; batchSize?: number; repeats?: number; json: boolean; queue?: string; opsModule?: string },
  io: CliIo,
): Promise<void> {
  const resolved = spaceFromFlag('latency fit', flags.space, flags.ops ?? createBuiltinOpSpecRegistry());
  if (resolved.kind !== 'mask') {
    throw usageError('latency fit', `--space ${flags.space} is a DNAS space; latency models are fitted on DMaskingNAS spaces (fbnetv2-micro-28, fbnetv2-micro-32, fbnetv2 or a fbnas.mask-space/v1 file). DNAS spaces use fbnas latency build`);
  }
  const space = resolved.space;
  const out = flags.out ?? `${space.name}.latency-model.json`;
  const settings = { networks: flags.networks ?? 40, seed: flags.seed, batchSize: flags.batchSize ?? 1, repeats: flags.repeats ?? 60 };
  let model: LatencyModel;
  let where: string;
  if (flags.queue !== undefined) {
    const payload: LatencyModelJobPayload = {
      space: jobSpace(flags.space, builtinMaskSpaceFiles, space.definition), ...jobOps(flags.opsModule), ...settings, requestedAt: new Date().toISOString(),
    };
    ({ value: model, where } = await onQueueWorker(flags.queue, { command: 'latency fit', doing: `timing ${space.name}`, id: `latency-model-${space.name}`, kind: LATENCY_MODEL_JOB, payload }, io, (value) => {
      const parsed = parseLatencyModel(value);
      assertModelMatchesSpace(parsed, space);
      return parsed;
    }));
  } else {
    model = await buildLatencyModel(space, { ...settings, ...(flags.ops === undefined ? {} : { ops: flags.ops }), onProgress: (done, total) => io.error(`timed ${done}/${total}`) });
    where = getBackend();
  }
  await saveLatencyModel(out, model);
  const { coefficients: c, fit } = model;
  io.out(flags.json ? JSON.stringify({ out, space: space.name, backend: model.metadata.backend, coefficients: c, fit }, null, 2)
    : `latency model of ${space.name} on ${where} (batch ${model.batchSize}, ${fit.networks} networks): ${out}\n` +
      `  µs = ${c.intercept.toFixed(1)} + ${c.perLayer.toFixed(3)}·layers + ${(c.perMac * 1e6).toFixed(2)}·MMACs + ${(c.perOutputElement * 1e3).toFixed(3)}·(output values / 1000)\n` +
      `  leave-one-out: median error ${fit.medianAbsolutePercentError.toFixed(1)} %, p95 ${fit.p95AbsolutePercentError.toFixed(1)} %, Spearman ${fit.spearman.toFixed(3)}`);
}

/** A job's space: a built-in's name (the worker loads its own copy), or the space document itself. */
function jobSpace(flag: string, builtins: Readonly<Record<string, unknown>>, definition: unknown): string | JsonValue {
  return Object.hasOwn(builtins, flag) ? flag : definition as JsonValue;
}

/** A job's `--ops` module, as an absolute path (the worker imports it itself). */
function jobOps(opsModule: string | undefined): { opsModule?: string } {
  return opsModule === undefined ? {} : { opsModule: resolve(opsModule) };
}

/**
 * Runs one measuring job on a worker of `queue` (so the worker's machine is the one measured), relaying its progress,
 * and checks what comes back with `parse`: the value and where it ran (host, CPU, backend).
 */
async function onQueueWorker<T extends { metadata: LatencyMetadata }>(
  queue: string, job: { command: string; doing: string; id: string; kind: string; payload: object }, io: CliIo, parse: (value: unknown) => T,
): Promise<{ value: T; where: string }> {
  const evaluator = createQueueEvaluator({ url: queue });
  io.error(`${job.command}: ${job.doing} through the queue at ${queue} (on the machine of the worker that takes it: fbnas worker --queue ${queue})`);
  try {
    const result = await evaluator.evaluate({ id: job.id, kind: job.kind, payload: job.payload as unknown as JsonValue }, { onMessage: (m) => io.error(m) });
    const value = parse(result.value);
    return { value, where: `${result.worker.hostname} (${value.metadata.cpu}, ${value.metadata.backend})` };
  } finally {
    await evaluator.close();
  }
}

