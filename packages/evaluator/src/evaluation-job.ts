import type { JsonValue } from '@fbnas/core';

/**
 * One unit of work for an evaluator: train one candidate, retrain one architecture, measure one set of latency-table
 * entries. A job carries everything its handler needs (architecture, recipe, data spec, seed, …), so any worker on
 * any machine can run it; `id` makes results idempotent (a job re-run under the same id is the same job).
 */
export interface EvaluationJob<Payload extends JsonValue = JsonValue> {
  /** Unique within a run, e.g. `candidate-7`; results are recorded once per id. */
  readonly id: string;
  /** The handler that runs it, e.g. `train-candidate` (see `JobHandlers`). */
  readonly kind: string;
  readonly payload: Payload;
}

/** Who ran a job and with what: recorded beside every result. */
export interface WorkerInfo {
  hostname: string;
  pid: number;
  node: string;
  /** Versions the worker reports (its packages, tfjs, backend). */
  versions: Record<string, string>;
}

/** A finished job. */
export interface EvaluationResult<Value extends JsonValue = JsonValue> {
  id: string;
  kind: string;
  value: Value;
  /** SHA-256 of the job's canonical JSON (kind + payload): what was run, checkable against the run folder. */
  jobSha256: string;
  /** Wall time of the handler (ms). */
  durationMs: number;
  /** Attempts it took (1 unless a worker died while running it). */
  attempts: number;
  worker: WorkerInfo;
}

/** What a handler may use while it runs. */
export interface JobContext {
  readonly jobId: string;
  /** Progress lines (epochs, …): forwarded to the coordinator's `onMessage`. */
  readonly onMessage: (message: string) => void;
}

/** Runs one kind of job; its resolved value must be JSON. A thrown error fails the job (it is not retried). */
export type JobHandler = (payload: JsonValue, context: JobContext) => Promise<JsonValue>;

/** The handlers of a worker by job kind (an explicit, immutable table: no registration by import). */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/**
 * Runs jobs: in this process, in a local pool of worker processes, or through a queue. Jobs may be submitted all at
 * once; the evaluator runs at most `concurrency` of them at a time.
 */
export interface Evaluator {
  /** Jobs run at once (e.g. the pool's size). */
  readonly concurrency: number;
  /** Runs a job; rejects with `JobFailedError` when its handler threw (or every attempt's worker died). */
  evaluate<Value extends JsonValue = JsonValue>(job: EvaluationJob, options?: { onMessage?: (message: string) => void }): Promise<EvaluationResult<Value>>;
  /** Stops the workers it started; pending jobs reject. */
  close(): Promise<void>;
}

/** A job whose handler threw, or whose every attempt lost its worker: names the job and keeps the worker's message. */
export class JobFailedError extends Error {
  constructor(
    readonly jobId: string,
    readonly kind: string,
    /** What went wrong, without the job's name: the handler's message, or how the worker died. */
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(`job ${jobId} (${kind}) failed${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${reason}`);
    this.name = 'JobFailedError';
  }
}
