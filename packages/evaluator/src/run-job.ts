import os from 'node:os';
import { sha256Json, type JsonValue } from '@fbnas/core';
import { JobFailedError, type EvaluationJob, type EvaluationResult, type JobHandlers, type WorkerInfo } from './evaluation-job';

/** The SHA-256 of a job's canonical JSON (its kind and payload; the id is a name, not content). */
export function jobSha256(job: Pick<EvaluationJob, 'kind' | 'payload'>): string {
  return sha256Json({ kind: job.kind, payload: job.payload });
}

/** This process as a worker: host, pid, Node and the given versions. */
export function workerInfo(versions: Record<string, string> = {}): WorkerInfo {
  return { hostname: os.hostname(), pid: process.pid, node: process.version, versions };
}

/**
 * Runs one job with its handler here and wraps the value with what was run, by whom and how long it took.
 *
 * @throws JobFailedError naming the known kinds for a kind without a handler, or with the handler's message.
 */
export async function runJob(handlers: JobHandlers, job: EvaluationJob, options: { attempts?: number; versions?: Record<string, string>; onMessage?: (message: string) => void } = {}): Promise<EvaluationResult> {
  const attempts = options.attempts ?? 1;
  const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
  if (handler === undefined) {
    throw new JobFailedError(job.id, job.kind, `no handler for kind '${job.kind}' (known: ${Object.keys(handlers).sort().join(', ') || 'none'})`, attempts);
  }
  const started = performance.now();
  let value: JsonValue;
  try {
    value = await handler(job.payload, { jobId: job.id, onMessage: options.onMessage ?? (() => undefined) });
  } catch (error) {
    throw new JobFailedError(job.id, job.kind, error instanceof Error ? error.message : String(error), attempts);
  }
  return { id: job.id, kind: job.kind, value, jobSha256: jobSha256(job), durationMs: performance.now() - started, attempts, worker: workerInfo(options.versions) };
}
