// Linear latency models of a DMaskingNAS space (`fbnas latency fit`): does `µs = a + b·layers + c·MACs +
// d·values written`, fitted to networks timed on this machine, predict networks it has not seen, and better than
// MACs alone (an affine fit of µs on MACs to the same networks)? Fits on `networks` random networks of
// fbnetv2-micro-28 (seed 0), then times `heldOut` other random networks (seed 1) the same way and compares both
// predictions with their measured times: median and p95 absolute percent error and Spearman's ρ, side by side.
//   pnpm build && pnpm bench latency-model
import { buildLatencyModel, predictionError, validateLatencyModel } from '@fbnas/latency';
import { loadMaskSpace } from '@fbnas/search-space';
import { round, table } from '../timing.mjs';

const SPACE = 'fbnetv2-micro-28';

/** Affine least squares of y on x: [intercept, slope]. */
function affine(xs, ys) {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return [my - slope * mx, slope];
}

/** Runs the suite; `quick`: 12 networks to fit, 8 held out, 3 + 10 runs each (a smoke run: too few for its errors to mean anything). */
export async function run(options = {}) {
  const timing = options.quick ? { networks: 12, heldOut: 8, warmup: 3, repeats: 10 } : { networks: 40, heldOut: 30, warmup: 10, repeats: 60 };
  const space = loadMaskSpace(SPACE);
  const fitted = [];
  const model = await buildLatencyModel(space, { networks: timing.networks, seed: 0, warmup: timing.warmup, repeats: timing.repeats, onProgress: (_, __, row) => fitted.push(row) });
  const macsOnly = affine(fitted.map((r) => r.features.macs), fitted.map((r) => r.measuredUs));
  // Held-out networks: the seed after the fit's, timed as the fit's were (validateLatencyModel).
  const validation = await validateLatencyModel(space, model, { samples: timing.heldOut });
  const measured = validation.rows.map((row) => row.measuredUs);
  const linear = predictionError(validation.rows.map((row) => row.predictedUs), measured);
  const macs = predictionError(validation.rows.map((row) => macsOnly[0] + macsOnly[1] * row.features.macs), measured);
  console.log(`\nLinear latency model of ${SPACE}: fitted to ${timing.networks} random networks (seed 0), tested on ${timing.heldOut} others (seed 1), ` +
    `tfjs wasm, batch 1, ${timing.warmup} warm-up + ${timing.repeats} timed runs per network (${round(Math.min(...measured))}–${round(Math.max(...measured))} µs)\n`);
  console.log(table([
    ['model', 'median |err| %', 'p95 |err| %', 'spearman'],
    ['layers + MACs + values written (fbnas latency fit)', round(linear.medianAbsolutePercentError, 2), round(linear.p95AbsolutePercentError, 2), round(linear.spearman, 3)],
    ['MACs alone (affine)', round(macs.medianAbsolutePercentError, 2), round(macs.p95AbsolutePercentError, 2), round(macs.spearman, 3)],
    ['ratio (MACs alone / model)', round(macs.medianAbsolutePercentError / linear.medianAbsolutePercentError, 2), round(macs.p95AbsolutePercentError / linear.p95AbsolutePercentError, 2), ''],
  ]));
  console.log(`  coefficients: ${JSON.stringify(model.coefficients)}; leave-one-out on the fitted networks: ${JSON.stringify(model.fit)}`);
  return { space: SPACE, timing, coefficients: model.coefficients, leaveOneOut: model.fit, heldOut: { linear, macsOnly: macs, macsOnlyCoefficients: macsOnly } };
}
