// Latency lookup-table validation (issue: @fbnas/latency): builds the fbnet-micro-28 table on tfjs wasm at batch 1
// (the paper's setting) and at the search batch (64), then checks FBNet's sum-of-blocks assumption on 30 random
// architectures per table: median and p95 absolute percent error of the table's estimate against the whole
// network timed end to end, and Spearman's rank correlation (also for the MACs stand-in). Tables are saved under
// runs/latency/. Not registered in main.mjs; run it alone after `pnpm build`:
//   node -e "import('./tools/bench/suites/latency-validation.mjs').then((suite) => suite.run({ quick: false }))"
import { fileURLToPath } from 'node:url';
import { env, getBackend } from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import {
  buildLatencyTable, macsTable, predictLatency, saveLatencyTable, spearman, validateLatencyTable,
} from '@fbnas/latency';
import { countArchitectures, loadSpace } from '@fbnas/search-space';
import { round, table } from '../timing.mjs';

const SPACE = 'fbnet-micro-28';
const BATCH_SIZES = [1, 64];
const OUTPUT = fileURLToPath(new URL('../../../runs/latency/', import.meta.url));

/**
 * Runs the suite; `options.quick` uses 3 warm-up / 10 timed runs and 10 architectures, `options.subtractReadout`
 * (default true) is passed to buildLatencyTable.
 */
export async function run(options = {}) {
  env().set('PROD', true);
  if (getBackend() !== 'wasm') await selectBackend({ backend: 'wasm' });
  const timing = options.quick ? { warmup: 3, repeats: 10, samples: 10 } : { warmup: 10, repeats: 50, samples: 30 };
  const space = loadSpace(SPACE);
  const macs = macsTable(space);
  const rows = [];
  for (const batchSize of BATCH_SIZES) {
    let start = performance.now();
    let measured = 0;
    const lut = await buildLatencyTable(space, {
      batchSize, warmup: timing.warmup, repeats: timing.repeats, subtractReadout: options.subtractReadout ?? true,
      onProgress: (step) => { if (step.source === 'measured') measured += 1; },
    });
    const buildSeconds = (performance.now() - start) / 1000;
    const file = `${OUTPUT}${SPACE}.wasm.b${batchSize}.lut.json`;
    await saveLatencyTable(file, lut);
    start = performance.now();
    const report = await validateLatencyTable(space, lut, { samples: timing.samples, seed: 0 });
    const validateSeconds = (performance.now() - start) / 1000;
    const measuredUs = report.rows.map((row) => row.measuredUs);
    const macsSpearman = spearman(report.rows.map((row) => predictLatency(macs, row.sample)), measuredUs);
    rows.push({
      batchSize, entriesMeasured: measured, buildSeconds, validateSeconds, file,
      medianAbsolutePercentError: report.medianAbsolutePercentError,
      p95AbsolutePercentError: report.p95AbsolutePercentError,
      spearman: report.spearman, macsSpearman,
      fastestMs: Math.min(...measuredUs) / 1000, slowestMs: Math.max(...measuredUs) / 1000,
      validation: report.rows,
    });
  }
  const { log10 } = countArchitectures(space);
  console.log(`\nLatency table validation: ${SPACE} (${space.layers.length} searchable layers, 10^${round(log10, 1)} architectures), ` +
    `tfjs wasm, ${timing.samples} random architectures, ${timing.warmup} warm-up + ${timing.repeats} timed runs\n`);
  console.log(table([
    ['batch', 'entries timed', 'build s', 'median |err| %', 'p95 |err| %', 'spearman', 'MACs spearman', 'nets ms (min-max)'],
    ...rows.map((r) => [
      r.batchSize, r.entriesMeasured, round(r.buildSeconds), round(r.medianAbsolutePercentError, 2), round(r.p95AbsolutePercentError, 2),
      round(r.spearman, 3), round(r.macsSpearman, 3), `${round(r.fastestMs, 2)}-${round(r.slowestMs, 2)}`,
    ]),
  ]));
  console.log(`  tables: ${rows.map((r) => r.file).join(', ')}`);
  return { space: SPACE, timing, rows };
}
