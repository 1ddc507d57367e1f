// Issue #10, item 1 (why the DNAS supernet degrades as τ falls): one demo-sized search (fbnet-micro-28 on the
// embedded Fashion-MNIST subset, 6 epochs, batch 64, seed 0) with search-config overrides, printing per epoch the
// supernet's loss and accuracy, θ's accuracy, the expected latency and the mean over layers of max softmax(θ).
//   pnpm build && node tools/experiments/dnas-temperature-probe.mjs OUT '{"temperature":{"kind":"exponential","initial":5,"decayPerEpoch":1}}' [LUT]
// OUT is a run folder (re-run to resume); LUT (optional) is copied into it so that runs share one latency table.
// Environment: EPOCHS (6), SEED (0), WEIGHT_FRACTION (0.8), DATA (embedded), TRAIN_IMAGES (all) change the
// workflow's other inputs.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { searchWorkflow } from '@fbnas/cli';

const [out, overrides = '{}', lut] = process.argv.slice(2);
if (!out) throw new Error('usage: dnas-temperature-probe.mjs OUT [CONFIG_JSON] [LUT]');
mkdirSync(out, { recursive: true });
if (lut && !existsSync(join(out, 'lut.json'))) cpSync(lut, join(out, 'lut.json'));
const environment = process.env;
const result = await searchWorkflow({
  space: 'fbnet-micro-28', data: environment.DATA ?? 'embedded', out, epochs: Number(environment.EPOCHS ?? 6), seed: Number(environment.SEED ?? 0),
  batchSize: 64, samples: 0, lutRepeats: 30,
  ...(environment.WEIGHT_FRACTION ? { weightFraction: Number(environment.WEIGHT_FRACTION) } : {}),
  ...(environment.TRAIN_IMAGES ? { trainImages: Number(environment.TRAIN_IMAGES) } : {}),
  config: JSON.parse(overrides),
  onEpoch: (log) => {
    const maxP = Object.values(log.probabilities).map((row) => Math.max(...Object.values(row)));
    console.log(
      `epoch ${log.epoch} τ ${log.temperature.toFixed(2)} wloss ${log.weightLoss.toFixed(3)} wacc ${log.weightAccuracy.toFixed(3)} ` +
        `θacc ${log.architectureAccuracy?.toFixed(3) ?? '-'} E[LAT] ${log.expectedLatency.toFixed(0)} meanmaxp ${(maxP.reduce((a, b) => a + b) / maxP.length).toFixed(3)} ${log.seconds.toFixed(0)}s`,
    );
  },
});
console.log('argmax', JSON.stringify(result.result.argmax));
