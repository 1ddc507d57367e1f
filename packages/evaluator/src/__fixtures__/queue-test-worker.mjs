// A BullMQ worker process for the queue evaluator's tests (REDIS_URL, QUEUE): short locks so a killed worker's job
// is found stalled within seconds.
import { existsSync, writeFileSync } from 'node:fs';
import { serveQueueWorker } from '@fbnas/evaluator';

const worker = serveQueueWorker({
  square: async ({ x, ms }, { onMessage }) => {
    onMessage(`squaring ${x}`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { square: x * x, pid: process.pid };
  },
  fail: async () => {
    throw new Error('bad architecture: stage 2 has no blocks');
  },
  // Kills its own process the first time (as a machine lost mid-job); succeeds when run again elsewhere.
  'die-once': async ({ marker, x }) => {
    if (!existsSync(marker)) {
      writeFileSync(marker, String(process.pid));
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
    }
    return { square: x * x, pid: process.pid };
  },
}, { url: process.env.REDIS_URL, queue: process.env.QUEUE, lockDuration: 2000, stalledInterval: 1000, versions: { fixture: '1' } });
process.on('SIGTERM', () => worker.close().then(() => process.exit(0)));
