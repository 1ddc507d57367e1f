// The cost of one `DataParallelGroup.sum` between two worker threads: ROUNDS sums of LEN floats, each after WORK
// iterations of a JS loop (0: nothing but synchronization). Run from packages/train (it imports the built
// dist/index.js there, or the module GROUP names, e.g. another checkout's, for a side-by-side comparison):
//   node ../../docs/results/adhoc/data-parallel-sum-timing.mjs
//   GROUP=/other/checkout/packages/train/dist/index.js node ../../docs/results/adhoc/data-parallel-sum-timing.mjs
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const { createDataParallelMemory, joinDataParallelGroup } = await import(pathToFileURL(resolve(process.env.GROUP ?? 'dist/index.js')).href);
const ROUNDS = Number(process.env.ROUNDS ?? 20000);
const LEN = Number(process.env.LEN ?? 64);
const WORK = Number(process.env.WORK ?? 0);
if (isMainThread) {
  const memory = createDataParallelMemory(2, 1 << 16);
  const started = performance.now();
  await Promise.all([0, 1].map((rank) => new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { memory, rank } });
    worker.on('message', resolve);
    worker.on('error', reject);
  })));
  const ms = performance.now() - started;
  console.log(`${ROUNDS} sums of ${LEN} floats (work ${WORK}): ${ms.toFixed(0)} ms, ${((1000 * ms) / ROUNDS).toFixed(1)} µs a sum`);
} else {
  const group = joinDataParallelGroup(workerData.memory, workerData.rank, 2);
  const values = new Float32Array(LEN).fill(1);
  let sink = 0;
  for (let i = 0; i < ROUNDS; i++) {
    for (let j = 0; j < WORK; j++) sink += Math.sqrt(j);
    if (group.sum(values)[0] !== 2) throw new Error('wrong sum');
  }
  parentPort.postMessage(sink);
}
