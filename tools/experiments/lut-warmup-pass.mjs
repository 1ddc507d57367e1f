// Does `buildLatencyTable`'s warm-up pass make the table predict whole networks better? Each round builds the
// fbnet-micro-28 table (batch 1, 10 warm-up + 30 timed runs per entry) in a FRESH process, as `fbnas latency build`
// does, with `warmupPass` off and on in turn, and validates it in that process against 30 random architectures timed
// end to end (seed 0). Prints each run and the medians per setting:
//   pnpm build && node tools/experiments/lut-warmup-pass.mjs [ROUNDS=3]
import { execFileSync } from 'node:child_process';

const rounds = Number(process.argv[2] ?? 3);
const child = `
import { selectBackend } from '@fbnas/backend';
import { buildLatencyTable, validateLatencyTable } from '@fbnas/latency';
import { loadSpace } from '@fbnas/search-space';
await selectBackend({ backend: 'wasm' });
const space = loadSpace('fbnet-micro-28');
const table = await buildLatencyTable(space, { batchSize: 1, warmup: 10, repeats: 30, warmupPass: process.argv[1] === 'true' });
const report = await validateLatencyTable(space, table, { samples: 30, seed: 0 });
console.log(JSON.stringify({
  stemUs: table.fixed['backbone.stages.xif0_0'].median, headUs: table.fixed.head.median,
  medianError: report.medianAbsolutePercentError, p95Error: report.p95AbsolutePercentError, spearman: report.spearman,
}));
`;
const runs = [];
for (let round = 0; round < rounds; round++) {
  for (const warmupPass of [false, true]) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', child, String(warmupPass)], { cwd: new URL('.', import.meta.url), encoding: 'utf8' });
    const result = { round, warmupPass, ...JSON.parse(out.trim().split('\n').pop()) };
    runs.push(result);
    console.log(JSON.stringify(result));
  }
}
const median = (values) => { const s = [...values].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const warmupPass of [false, true]) {
  const mine = runs.filter((r) => r.warmupPass === warmupPass);
  const cell = (key, digits) => median(mine.map((r) => r[key])).toFixed(digits);
  console.log(`warmupPass ${warmupPass}: stem ${cell('stemUs', 0)} µs, head ${cell('headUs', 0)} µs, median |error| ${cell('medianError', 1)} %, ` +
    `p95 ${cell('p95Error', 1)} %, Spearman ${cell('spearman', 3)} (medians of ${mine.length} processes)`);
}
