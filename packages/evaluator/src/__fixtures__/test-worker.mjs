// A pool worker for the evaluator's tests: small handlers that echo, fail, sleep or kill their own process once.
import { existsSync, writeFileSync } from 'node:fs';
import { serveWorkerProcess } from '@fbnas/evaluator';

serveWorkerProcess({
  echo: async (payload, { onMessage }) => {
    onMessage(`echo ${JSON.stringify(payload)}`);
    return payload;
  },
  sleep: async ({ ms }) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return process.pid;
  },
  fail: async () => {
    throw new Error('bad architecture: stage 2 has no blocks');
  },
  // Dies (SIGKILL, as an out-of-memory kill) the first time, for the marker file's job; succeeds when run again.
  'die-once': async ({ marker }) => {
    if (!existsSync(marker)) {
      writeFileSync(marker, String(process.pid));
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
    }
    return { pid: process.pid };
  },
}, { versions: { fixture: '1' } });
