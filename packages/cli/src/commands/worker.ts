import { resolve } from 'node:path';
import { version_core } from '@tensorflow/tfjs-core';
import { serveQueueWorker } from '@fbnas/evaluator';
import packageJson from '../../package.json';
import type { CliIo } from '../cli-io';
import { createEvaluationHandlers } from '../evaluation/evaluation-handlers';

/** Flags of `fbnas worker`. */
export interface WorkerFlags {
  /** The Redis server, `redis://host:port`. */
  queue: string;
  /** Jobs at once in this process (default 1; start one worker per core instead). */
  concurrency?: number;
  /** A folder of this machine for the jobs' run folders (see `createEvaluationHandlers`). */
  scratch?: string;
}

/**
 * `fbnas worker --queue redis://host:port [--scratch DIR]`: serves fbnas's jobs (`nars-candidate`, `train`,
 * `latency-table`) from a BullMQ queue
 * until SIGINT/SIGTERM, which let the current job finish. Start one per core on any number of machines; the
 * coordinator (`fbnas nars run --queue URL`) keeps the results in its run folder. Jobs carry their data spec, so
 * every machine needs the dataset (`fashion-mnist` from Debian's package or `$FBNAS_DATA`; `embedded` ships with fbnas).
 */
export async function workerCommand(flags: WorkerFlags, io: CliIo): Promise<void> {
  const worker = serveQueueWorker(createEvaluationHandlers(flags.scratch === undefined ? {} : { scratch: resolve(flags.scratch) }), {
    url: flags.queue, ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
    versions: { '@fbnas/cli': packageJson.version, '@tensorflow/tfjs-core': version_core },
    onMessage: (m) => io.error(m),
  });
  io.error(`fbnas worker (pid ${process.pid}): serving ${flags.queue}; Ctrl-C stops after the current job`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      io.error('fbnas worker: stopping after the current job');
      void worker.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
