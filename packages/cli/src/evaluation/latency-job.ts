import type { JsonValue } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import type { JobContext } from '@fbnas/evaluator';
import { buildLatencyModel, buildLatencyTable, type LatencyModel, type LatencyTable } from '@fbnas/latency';
import {
  builtinMaskSpaceFiles, builtinSpaceFiles, loadMaskSpace, loadSpace, parseMaskSpace, parseSpace, validateSpaceOps, type MaskSearchSpace, type SearchSpace,
} from '@fbnas/search-space';
import { planMaskedSpace } from '@fbnas/train';
import { opsFromFlag } from '../ops-flag';

/** Job kind of `measureLatencyJob`. */
export const LATENCY_TABLE_JOB = 'latency-table';

/** Everything measuring one space's latency table needs: it runs the same on any worker (the machine measured). */
export interface LatencyTableJobPayload {
  /** A built-in DNAS space name, or a space document (`fbnas.space/v1`, or a mask space with one width per group). */
  space: string | JsonValue;
  /** An ES module of the user's op specs (a path on the worker's machine), when the space uses ops of its own. */
  opsModule?: string;
  /** Images per forward pass (1: deployment latency). */
  batchSize: number;
  /** Timed runs per entry. */
  repeats: number;
  /** Untimed runs per entry (default 10). */
  warmup?: number;
  /** When the table was asked for (ISO 8601): each request measures anew instead of returning an earlier job's table. */
  requestedAt: string;
}

/**
 * Measures a latency table (`buildLatencyTable`: every fixed block and (layer, candidate) pair, on the worker's own
 * backend) for a coordinator elsewhere: `fbnas latency build --queue URL` has a worker on the target device measure
 * it. The table's metadata records that machine (CPU, cores, backend, threads, versions). Progress goes to the
 * coordinator every tenth of the entries.
 */
export async function measureLatencyJob(payload: LatencyTableJobPayload, context: JobContext): Promise<LatencyTable> {
  await selectBackend({ onWarning: context.onMessage });
  const ops = await opsFromFlag(payload.opsModule);
  const space: SearchSpace = payloadSpace(payload.space, 'latency-table', 'DNAS space', builtinSpaceFiles, loadSpace, parseSpace);
  validateSpaceOps(space, ops);
  const progress = everyTenth(context, (done, total) => `measured ${done}/${total} entries of ${space.name}`);
  return buildLatencyTable(space, {
    batchSize: payload.batchSize, repeats: payload.repeats, warmup: payload.warmup ?? 10, ops, onProgress: ({ done, total }) => progress(done, total),
  });
}

/** Job kind of `fitLatencyModelJob`. */
export const LATENCY_MODEL_JOB = 'latency-model';

/** Everything fitting one mask space's latency model needs: it runs the same on any worker (the machine timed). */
export interface LatencyModelJobPayload {
  /** A built-in DMaskingNAS space name, or a mask space document (`fbnas.mask-space/v1`). */
  space: string | JsonValue;
  /** An ES module of the user's op specs (a path on the worker's machine), when the space uses ops of its own. */
  opsModule?: string;
  /** Random networks timed. */
  networks: number;
  /** Seed of their draw. */
  seed: number;
  /** Images per forward pass. */
  batchSize: number;
  /** Timed runs per network. */
  repeats: number;
  /** When the model was asked for (ISO 8601): each request times anew instead of returning an earlier job's model. */
  requestedAt: string;
}

/**
 * Fits a mask space's linear latency model (`buildLatencyModel`: random networks timed end to end on the worker's own
 * backend) for a coordinator elsewhere: `fbnas latency fit --queue URL` has a worker on the target device fit it.
 * The model's metadata records that machine. Progress goes to the coordinator every tenth of the networks.
 */
export async function fitLatencyModelJob(payload: LatencyModelJobPayload, context: JobContext): Promise<LatencyModel> {
  await selectBackend({ onWarning: context.onMessage });
  const ops = await opsFromFlag(payload.opsModule);
  const space: MaskSearchSpace = payloadSpace(payload.space, 'latency-model', 'DMaskingNAS space', builtinMaskSpaceFiles, loadMaskSpace, parseMaskSpace);
  planMaskedSpace(space, ops); // every candidate resolves to an op that can be masked (errors name the layer)
  return buildLatencyModel(space, {
    networks: payload.networks, seed: payload.seed, batchSize: payload.batchSize, repeats: payload.repeats, ops,
    onProgress: everyTenth(context, (done, total) => `timed ${done}/${total} networks of ${space.name}`),
  });
}

/** A job's space: a built-in of `builtins` by name, or a document parsed by `parse`; errors name the job kind. */
function payloadSpace<S>(
  value: string | JsonValue, job: string, what: string, builtins: Readonly<Record<string, unknown>>, load: (name: string) => S, parse: (document: unknown) => S,
): S {
  if (typeof value !== 'string') return parse(value);
  if (!Object.hasOwn(builtins, value)) throw new Error(`${job} job: space: expected a built-in ${what} (${Object.keys(builtins).join(', ')}) or a space document, got '${value}'`);
  return load(value);
}

/** A progress callback that tells the coordinator at every tenth of the work, and at its end. */
function everyTenth(context: JobContext, message: (done: number, total: number) => string): (done: number, total: number) => void {
  let reported = 0;
  return (done, total) => {
    if (done === total || done - reported >= total / 10) {
      reported = done;
      context.onMessage(`  ${context.jobId}: ${message(done, total)}`);
    }
  };
}

