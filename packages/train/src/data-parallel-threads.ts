import { parentPort, Worker, workerData } from 'node:worker_threads';
import { abortDataParallelMemory, createDataParallelMemory, DataParallelAbortedError, joinDataParallelGroup, type DataParallelGroup } from './data-parallel-group';

/** What `runDataParallelThreads` passes each thread (its `workerData`). */
interface ThreadData {
  memory: SharedArrayBuffer;
  rank: number;
  size: number;
  input: unknown;
}

/** Messages from a data-parallel thread to the launcher. */
type ThreadMessage =
  | { type: 'message'; message: unknown }
  | { type: 'result'; value: unknown }
  | { type: 'failed'; name: string; message: string; stack?: string };

/** Options of `runDataParallelThreads`. */
export interface DataParallelThreadsOptions {
  /** Workers (threads), each with its own tfjs backend. */
  size: number;
  /** The thread's module (a file path or URL): it calls `serveDataParallelThread(handler)`. */
  workerModule: string | URL;
  /** Structured-cloneable input, the same for every worker (e.g. a training job's payload). */
  input: unknown;
  /** Floats per worker per exchange round (default 2^20: 4 MiB a worker). */
  slotFloats?: number;
  /** What rank 0's handler reports (`report(message)`: any structured-cloneable value). */
  onMessage?: (message: unknown) => void;
  /** Node options of the threads (default: this process's `process.execArgv`, as `Worker`'s own default). */
  execArgv?: string[];
}

/** A data-parallel thread failed; `name` is its error's class name (e.g. `RunFinishedError`). */
export class DataParallelThreadError extends Error {
  constructor(readonly rank: number, readonly errorName: string, message: string) {
    super(message);
    this.name = errorName === 'Error' ? 'DataParallelThreadError' : errorName;
  }
}

/**
 * Runs one data-parallel job on `size` worker threads of this process, joined over shared memory
 * (`DataParallelGroup`): each thread runs the module's handler with the same `input` and its own rank, and the
 * handlers exchange gradients through the group (e.g. `trainArchitecture({ dataParallel: group })`). Resolves to
 * rank 0's result. When a thread fails the group is aborted (the others stop at their next exchange) and the
 * promise rejects with the first failure's error (`DataParallelThreadError`, named after the thread's error).
 */
export async function runDataParallelThreads<R>(options: DataParallelThreadsOptions): Promise<R> {
  const memory = createDataParallelMemory(options.size, options.slotFloats);
  const failures: { rank: number; error: Error; aborted: boolean }[] = [];
  let result: R | undefined;
  const threads = Array.from({ length: options.size }, (_, rank) => new Promise<void>((resolve) => {
    const data: ThreadData = { memory, rank, size: options.size, input: options.input };
    const worker = new Worker(options.workerModule, { workerData: data, ...(options.execArgv === undefined ? {} : { execArgv: options.execArgv }) });
    let settled = false;
    const fail = (error: Error, aborted: boolean) => {
      if (!settled) failures.push({ rank, error, aborted });
      settled = true;
      abortDataParallelMemory(memory);
    };
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'message') options.onMessage?.(message.message);
      else if (message.type === 'result') {
        if (rank === 0) result = message.value as R;
        settled = true;
      } else {
        fail(new DataParallelThreadError(rank, message.name, message.message), message.name === 'DataParallelAbortedError');
      }
    });
    worker.on('error', (error) => fail(error, false));
    worker.on('exit', (code) => {
      if (!settled) fail(new DataParallelThreadError(rank, 'Error', `data-parallel worker ${rank} exited with code ${code} before finishing`), false);
      resolve();
    });
  }));
  await Promise.all(threads);
  const first = failures.find((f) => !f.aborted) ?? failures[0];
  if (first !== undefined) throw first.error;
  return result as R;
}

/**
 * The body of a `runDataParallelThreads` worker module: joins the group, runs `handler(input, group, report)`
 * and sends its result (rank 0's is the job's) or its error back. `report` forwards rank 0's messages (any
 * structured-cloneable value) to the launcher's `onMessage`; the other ranks' are dropped.
 *
 * @example
 * serveDataParallelThread(async (input, group, report) => trainArchitecture({ ...optionsFrom(input), dataParallel: group, onMessage: report }));
 */
export function serveDataParallelThread<I, R>(handler: (input: I, group: DataParallelGroup, report: (message: unknown) => void) => Promise<R>): void {
  if (parentPort === null) throw new Error('serveDataParallelThread: expected to run in a worker thread started by runDataParallelThreads');
  const port = parentPort;
  const data = workerData as ThreadData;
  const group = joinDataParallelGroup(data.memory, data.rank, data.size);
  const report = (message: unknown) => {
    if (data.rank === 0) port.postMessage({ type: 'message', message } satisfies ThreadMessage);
  };
  handler(data.input as I, group, report).then(
    (value) => port.postMessage({ type: 'result', value: data.rank === 0 ? value : null } satisfies ThreadMessage),
    (error: unknown) => {
      group.abort();
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: 'failed', name: e instanceof DataParallelAbortedError ? 'DataParallelAbortedError' : e.name, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) } satisfies ThreadMessage);
    },
  );
}
