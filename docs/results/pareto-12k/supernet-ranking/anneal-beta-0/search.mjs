// The β 0 DNAS search with the paper's decaying τ (5 → 0.34 over 3 epochs) but the `small` recipe's θ settings (lr 1
// cosine, one Gumbel sample per example): 12,000 Fashion-MNIST images, seed 0. The CLI's recipes cannot express this
// mix, so it calls the workflow:  pnpm build && node docs/results/pareto-12k/supernet-ranking/anneal-beta-0/search.mjs LUT OUT [EPOCHS]
import { searchWorkflow } from '@fbnas/cli';

const [lut, out, epochs = '3'] = process.argv.slice(2);
if (!lut || !out) throw new Error('usage: search.mjs LUT OUT [EPOCHS]');
const config = { architectureLearningRate: 1, architectureSchedule: 'cosine', gumbelSamples: 'example', loss: { kind: 'multiplicative', alpha: 0.2, beta: 0 } };
const result = await searchWorkflow({
  space: 'fbnet-micro-28', data: 'fashion-mnist', out, epochs: Number(epochs), seed: 0, trainImages: 12000, lut, samples: 0, config, onMessage: (m) => console.log(m),
});
console.log(JSON.stringify(result.result.argmax));
