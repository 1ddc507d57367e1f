// FBNetV2's (DMaskingNAS) central claim, for ONE searchable block: with options implemented by masks, the
// supernet's training-step time and memory stay nearly flat as the number of options grows, while a naive
// supernet (one block instance per option, FBNetV2 Eq. 1 / DARTS / FBNet) grows about linearly.
// Table 1: output-width options 1 → 32 at a fixed widest width (masked: one masked `ir` block — `@fbnas/ops`' plan
// aligned over its K output widths by `alignBlock` and built once at its widest by `createMaskedBlock`, as the
// masked supernet builds every candidate; naive: K plain blocks of widths cᵢ, zero-padded to the widest width and
// summed with gᵢ).
// Table 2: input-resolution options 1 → 4 (masked: one shared block through `mixResolutions`; naive: one block
// instance per resolution, subsampled and placed back on the full grid the same way).
// A step = Gumbel-softmax over K logits θ → block(s) → MSE to a fixed random target → `variableGrads` of every
// block variable and θ → plain SGD → reading the loss. Peak memory = tfjs's engine-tracked bytes (`tf.profile`
// `peakBytes`: every live tensor — variables, input, target, intermediates kept for the gradient — at its
// highest point during one step), not the process's resident memory.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { planPrimitivesOf } from '@fbnas/core';
import { channelOptions, gumbelSoftmax, mixResolutions, placeOnGrid, subsample } from '@fbnas/gumbel';
import { createBuiltinOpSpecRegistry, invertedResidualSpec } from '@fbnas/ops/specs';
import { alignBlock, BlockWeights, createMaskedBlock, createMaskedBlockContext, disposeMaskedBlockContext } from '@fbnas/train';
import { median, round, table } from '../timing.mjs';

const MIB = 1024 * 1024;
const LEARNING_RATE = 0.01;
const TEMPERATURE = 5;

/** Table 1's block: input [N, S, S, IN], hidden width HIDDEN (one option), widest output WIDTH, 3×3, stride 1. */
const CHANNEL_BLOCK = { batch: 16, size: 16, inChannels: 32, hidden: 96, width: 32, kernel: 3 };
const CHANNEL_COUNTS = [1, 2, 4, 8, 16, 32];
/** Table 2's block: input [N, S, S, IN] and the same block shape, candidate resolutions of the S×S map. */
const RESOLUTION_BLOCK = { batch: 16, size: 28, inChannels: 32, hidden: 96, width: 32, kernel: 3 };
const RESOLUTION_SETS = [[28], [28, 21], [28, 21, 14], [28, 21, 14, 7]];

/** K output widths spread evenly up to `width`: K=1 [32], K=2 [16, 32], K=4 [8, 16, 24, 32], … K=32 [1..32]. */
function spreadWidths(count, width) {
  return channelOptions(Array.from({ length: count }, (_, i) => ((i + 1) * width) / count), { maxChannels: width });
}

/** Weight i of the `[K]` Gumbel sample, as a `[1]` tensor (a slice, as `mixResolutions` does). */
function weightAt(g, i) {
  return tf.slice(g, [i], [1]);
}

const PRIMITIVES = planPrimitivesOf(createBuiltinOpSpecRegistry());

/**
 * A masked `ir` block (it leaves no tensor behind once disposed): hidden width `hiddenOptions[0]` (one option),
 * output widths `outputOptions`, no width divisor, always with its pw conv. `apply(x, g, one)`: g weights the
 * output options.
 */
function createBlock({ inChannels, hiddenOptions, outputOptions, kernel, stride, seed = 0 }) {
  const args = invertedResidualSpec.parseArgs(
    { kernel, expansion: hiddenOptions[0] / inChannels, widthDivisor: 1, alwaysPw: true }, { path: 'bench' },
  );
  const aligned = alignBlock({
    sizes: { expansion: 1, input: 1, output: outputOptions.length },
    planAt: ({ output }) => ({ plan: invertedResidualSpec.plan({ inChannels, outChannels: outputOptions[output], stride, args }), inChannels }),
    side: 32, primitives: PRIMITIVES, where: 'bench',
  });
  const context = createMaskedBlockContext(32, PRIMITIVES, seed);
  const block = createMaskedBlock('bench', aligned, context);
  return {
    variables: block.variables,
    constants: context.constants,
    apply: (x, g, one) => block.apply(x, new BlockWeights({ expansion: one, input: one, output: g }), true),
    dispose: () => disposeMaskedBlockContext(context),
  };
}

/** One plain inverted-residual block of output width `out` (a masked block with a single option of each). */
function plainBlock(shape, out, seed) {
  return createBlock({ inChannels: shape.inChannels, hiddenOptions: [shape.hidden], outputOptions: [out], kernel: shape.kernel, stride: 1, seed });
}

/**
 * A supernet variant: its blocks, θ (`[K]` logits), a fixed input and target, and a training `step()` that
 * returns nothing (it reads the loss back to synchronise). `forward(x, g, one)` maps the input and the `[K]`
 * Gumbel weights g to `[N, S, S, width]`; `one` is a `[1]` tensor of 1 (the weights of a single option).
 */
function makeVariant({ shape, options, blocks, forward }) {
  const theta = tf.tidy(() => tf.variable(tf.zeros([options]), true));
  const x = tf.randomNormal([shape.batch, shape.size, shape.size, shape.inChannels], 0, 1, 'float32', 1);
  const target = tf.randomNormal([shape.batch, shape.size, shape.size, shape.width], 0, 1, 'float32', 2);
  const one = tf.ones([1]);
  const variables = [...blocks.flatMap((b) => b.variables), theta];
  let seed = 0;
  const step = () => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const g = gumbelSoftmax(theta, { temperature: TEMPERATURE, seed: (seed += 1) });
        const y = forward(x, g, one);
        return tf.mean(tf.squaredDifference(y, target));
      }, variables);
      // A single option's θ does not reach the output (one choice: no mask), so it has no gradient.
      for (const v of variables) if (grads[v.name]) v.assign(tf.sub(v, tf.mul(grads[v.name], LEARNING_RATE)));
      return value;
    });
    // Read the loss outside tidy (tidy walks a returned TypedArray element by element, tfjs-notes §6.1).
    loss.dataSync();
    loss.dispose();
  };
  const parameters = variables.reduce((sum, v) => sum + v.size, 0);
  // Distinct buffers alive between steps: variables, θ, input, target, the mask indicators and `one`.
  const persistent = [...variables, ...blocks.flatMap((b) => b.constants), x, target, one];
  const persistentBytes = persistent.reduce((sum, t) => sum + t.size * 4, 0);
  const dispose = () => {
    for (const b of blocks) b.dispose();
    tf.dispose([theta, x, target, one]);
  };
  return { step, parameters, persistentBytes, dispose };
}

/** Table 1, masked: one block built at the widest width with K output options. */
function maskedChannels(shape, count) {
  const block = createBlock({
    inChannels: shape.inChannels, hiddenOptions: [shape.hidden], outputOptions: spreadWidths(count, shape.width), kernel: shape.kernel, stride: 1,
  });
  return makeVariant({ shape, options: count, blocks: [block], forward: (x, g, one) => block.apply(x, g, one) });
}

/** Table 1, naive: K blocks of widths cᵢ, each zero-padded to the widest width, summed with weights gᵢ. */
function naiveChannels(shape, count) {
  const widths = spreadWidths(count, shape.width);
  const blocks = widths.map((out, i) => plainBlock(shape, out, i));
  const forward = (x, g, one) => {
    let total;
    blocks.forEach((block, i) => {
      const y = block.apply(x, one, one);
      const term = tf.mul(tf.pad(y, [[0, 0], [0, 0], [0, 0], [0, shape.width - widths[i]]]), weightAt(g, i));
      total = total === undefined ? term : tf.add(total, term);
    });
    return total;
  };
  return makeVariant({ shape, options: count, blocks, forward });
}

/** Table 2, masked: one shared block run on every subsampled map by `mixResolutions` (FBNetV2 §3.2). */
function maskedResolutions(shape, resolutions) {
  const block = plainBlock(shape, shape.width, 0);
  const op = (t, one) => block.apply(t, one, one);
  const forward = (x, g, one) => mixResolutions(x, (t) => op(t, one), resolutions, g);
  return makeVariant({ shape, options: resolutions.length, blocks: [block], forward });
}

/** Table 2, naive: one block instance (own weights) per resolution, placed back on the full grid, mixed by g. */
function naiveResolutions(shape, resolutions) {
  const blocks = resolutions.map((_, i) => plainBlock(shape, shape.width, i));
  const forward = (x, g, one) => {
    let total;
    resolutions.forEach((r, i) => {
      const small = blocks[i].apply(r === shape.size ? x : subsample(x, r), one, one);
      const placed = r === shape.size ? small : placeOnGrid(small, shape.size); // as mixResolutions: no-op placement skipped
      const term = tf.mul(placed, weightAt(g, i));
      total = total === undefined ? term : tf.add(total, term);
    });
    return total;
  };
  return makeVariant({ shape, options: resolutions.length, blocks, forward });
}

/**
 * Runs `fn` (one step) and returns the highest net growth, during it, of the bytes of distinct data buffers
 * (allocated minus freed since the step began). tfjs's `peakBytes` adds up tensors, so a tensor sharing another's
 * buffer (a reshape, the buffer-sharing `Identity` that saves tensors for the gradient, a variable and its
 * initial value) counts again; this counts each buffer once, by wrapping the engine's dataId → info WeakMap
 * (tfjs-core 4.22 internals: only get, has, set and delete are used).
 */
async function bufferGrowthPeak(fn) {
  const state = tf.engine().state;
  const original = state.tensorInfo;
  const counter = { total: 0, peak: 0 };
  state.tensorInfo = {
    get: (key) => original.get(key),
    has: (key) => original.has(key),
    set(key, value) {
      if (!original.has(key)) {
        counter.total += value.bytes;
        counter.peak = Math.max(counter.peak, counter.total);
      }
      original.set(key, value);
      return this;
    },
    delete(key) {
      if (original.has(key)) counter.total -= original.get(key).bytes;
      return original.delete(key);
    },
  };
  try {
    await fn();
  } finally {
    state.tensorInfo = original;
  }
  return counter.peak;
}

/**
 * Median step time of each variant, timed round-robin (one step of each per round, so a change of machine load
 * hits all alike; each round starts one variant later, so none always follows the largest): `warmup` rounds,
 * then `repeats` timed rounds. All variants are alive at once.
 */
function timeRoundRobin(variants, { warmup, repeats }) {
  for (let i = 0; i < warmup; i++) for (const v of variants) v.step();
  const times = variants.map(() => []);
  for (let i = 0; i < repeats; i++) {
    for (let k = 0; k < variants.length; k++) {
      const j = (i + k) % variants.length;
      const start = performance.now();
      variants[j].step();
      times[j].push(performance.now() - start);
    }
  }
  return times.map((t) => ({ stepMs: median(t), minMs: Math.min(...t) }));
}

/**
 * Memory of one step of a variant alive alone (created, one warm-up step, measured, disposed). `baseBytes`: the
 * engine's bytes before the suite (tensors of earlier suites), subtracted so that peakBytes is this variant's.
 */
async function measureMemory(make, baseBytes) {
  const variant = make();
  try {
    variant.step();
    const before = tf.memory();
    const profile = await tf.profile(() => variant.step());
    const leakedTensorsPerStep = tf.memory().numTensors - before.numTensors;
    const stepBufferBytes = await bufferGrowthPeak(() => variant.step());
    return {
      peakBytes: profile.peakBytes - baseBytes,
      stepPeakBytes: profile.peakBytes - before.numBytes,
      bufferPeakBytes: variant.persistentBytes + stepBufferBytes,
      stepBufferBytes,
      persistentBytes: variant.persistentBytes,
      parameters: variant.parameters,
      leakedTensorsPerStep,
    };
  } finally {
    variant.dispose();
  }
}

function withRatios(rows) {
  const [base] = rows;
  return rows.map((r) => ({
    ...r, timeRatio: r.stepMs / base.stepMs, peakRatio: r.peakBytes / base.peakBytes, bufferPeakRatio: r.bufferPeakBytes / base.bufferPeakBytes,
  }));
}

/** Both methods over the settings: step times (round-robin per method), then each variant's memory alone. */
async function compare(settings, makeMasked, makeNaive, timing, baseBytes) {
  const rows = [];
  for (const [method, make] of [['masked', makeMasked], ['naive', makeNaive]]) {
    const variants = settings.map((s) => make(s));
    let times;
    try {
      times = timeRoundRobin(variants, timing[method]);
    } finally {
      for (const v of variants) v.dispose();
    }
    const measured = [];
    for (const [i, setting] of settings.entries()) {
      measured.push({
        method, options: setting, optionCount: Array.isArray(setting) ? setting.length : setting, ...times[i],
        ...(await measureMemory(() => make(setting), baseBytes)),
      });
    }
    rows.push(...withRatios(measured));
  }
  return rows;
}

/** Least-squares slope b of log(ratio) against log(K): ratio ≈ K^b. */
function growthExponent(rows, key) {
  const points = rows.map((r) => [Math.log(r.optionCount), Math.log(r[key])]);
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxy / sxx;
}

function acceptanceOf(channelRows, resolutionRows) {
  const summary = (method) => {
    const rows = channelRows.filter((r) => r.method === method);
    const last = rows.at(-1);
    return {
      options: last.optionCount, timeRatio: last.timeRatio, peakRatio: last.peakRatio, bufferPeakRatio: last.bufferPeakRatio,
      timeExponent: growthExponent(rows, 'timeRatio'), peakExponent: growthExponent(rows, 'peakRatio'),
    };
  };
  const masked = summary('masked');
  const naive = summary('naive');
  const maskedRes = resolutionRows.filter((r) => r.method === 'masked');
  const naiveRes = resolutionRows.filter((r) => r.method === 'naive');
  const size = RESOLUTION_BLOCK.size;
  return {
    masked: { ...masked, target: 'time and peak memory at 32 options <= 1.15x one option', met: masked.timeRatio <= 1.15 && masked.peakRatio <= 1.15 },
    naive: {
      ...naive, target: 'roughly linear: growth exponent b in [0.8, 1.2] for time and peak memory',
      met: [naive.timeExponent, naive.peakExponent].every((b) => b >= 0.8 && b <= 1.2),
    },
    resolutions: {
      maskedTimeRatio: maskedRes.at(-1).timeRatio, maskedPeakRatio: maskedRes.at(-1).peakRatio,
      naiveTimeRatio: naiveRes.at(-1).timeRatio, naivePeakRatio: naiveRes.at(-1).peakRatio,
      pixelRatio: maskedRes.at(-1).options.reduce((a, r) => a + (r * r) / (size * size), 0),
      maskedParameterRatio: round(maskedRes.at(-1).parameters / maskedRes[0].parameters, 3),
      naiveParameterRatio: round(naiveRes.at(-1).parameters / naiveRes[0].parameters, 3),
    },
  };
}

function display(rows, keyOf, header) {
  const masked = rows.filter((r) => r.method === 'masked');
  const naive = rows.filter((r) => r.method === 'naive');
  const ratio = (value) => `${value.toFixed(2)}x`;
  const cells = (r) => [round(r.stepMs), ratio(r.timeRatio), round(r.peakBytes / MIB), ratio(r.peakRatio), round(r.bufferPeakBytes / MIB), ratio(r.bufferPeakRatio), r.parameters];
  const columns = (m) => [`${m} ms`, 'x1', `${m} peak MiB`, 'x1', 'buffers MiB', 'x1', 'params'];
  return table([[header, ...columns('masked'), ...columns('naive')], ...masked.map((m, i) => [keyOf(m), ...cells(m), ...cells(naive[i])])]);
}

/**
 * Runs the suite. Timed rounds (after warm-up ones): masked 31 (`options.quick`: 9), naive 15 (quick: 3; a
 * naive channel round runs 1 + 2 + … + 32 = 63 blocks).
 */
export async function run(options = {}) {
  if (tf.getBackend() !== 'wasm') await selectBackend({ backend: 'wasm' });
  const timing = options.quick
    ? { masked: { warmup: 1, repeats: 9 }, naive: { warmup: 1, repeats: 3 } }
    : { masked: { warmup: 3, repeats: 31 }, naive: { warmup: 2, repeats: 15 } };
  const tensorsBefore = tf.memory().numTensors;
  console.log(
    `\nFBNetV2 masking vs one block per option (tfjs ${tf.getBackend()}; medians of ${timing.masked.repeats} (masked) and ` +
      `${timing.naive.repeats} (naive) steps per variant, round-robin, after ${timing.masked.warmup}/${timing.naive.warmup} warm-up)`,
  );
  const started = performance.now();
  const baseBytes = tf.memory().numBytes;
  const channelRows = await compare(CHANNEL_COUNTS, (k) => maskedChannels(CHANNEL_BLOCK, k), (k) => naiveChannels(CHANNEL_BLOCK, k), timing, baseBytes);
  console.log(`  channel options measured (${round((performance.now() - started) / 1000)} s)`);
  const resolutionRows = await compare(
    RESOLUTION_SETS, (rs) => maskedResolutions(RESOLUTION_BLOCK, rs), (rs) => naiveResolutions(RESOLUTION_BLOCK, rs), timing, baseBytes,
  );
  console.log(`  resolution options measured (${round((performance.now() - started) / 1000)} s)`);
  const tensorsAfter = tf.memory().numTensors;
  const seconds = (performance.now() - started) / 1000;
  const c = CHANNEL_BLOCK;
  const r = RESOLUTION_BLOCK;
  console.log(`\nTable 1: output-width options at widest width ${c.width}; block ${c.inChannels}->${c.hidden}->${c.width}, k${c.kernel}, stride 1; input [${c.batch}, ${c.size}, ${c.size}, ${c.inChannels}]\n`);
  console.log(display(channelRows, (m) => m.options, 'K'));
  console.log(`\nTable 2: resolution options of a ${r.size}x${r.size} map; block ${r.inChannels}->${r.hidden}->${r.width}, k${r.kernel}, stride 1; input [${r.batch}, ${r.size}, ${r.size}, ${r.inChannels}]\n`);
  console.log(display(resolutionRows, (m) => m.options.join(','), 'resolutions'));
  console.log('\npeak MiB: tf.profile peakBytes of one step, the variant alone (tfjs engine-tracked bytes of all live tensors at the');
  console.log('step\'s highest point: variables, input, target, activations saved for the gradient; a tensor sharing another\'s');
  console.log('buffer counts again). buffers MiB: distinct buffers only (persistent tensors + the step\'s highest net growth).');
  console.log('x1: ratio to one option of the same method. Not the process\'s resident memory (wasm heap, JS heap).');
  console.log(`tensors before/after the suite: ${tensorsBefore}/${tensorsAfter}; ${round(seconds)} s`);
  if (tensorsAfter !== tensorsBefore) throw new Error(`dmasking: leaked ${tensorsAfter - tensorsBefore} tensors`);
  const acceptance = acceptanceOf(channelRows, resolutionRows);
  console.log('\nacceptance (channel options; growth exponent b: least-squares fit of ratio = K^b, 0 flat, 1 linear):');
  const { masked, naive } = acceptance;
  console.log(`  masked, 32 options / 1: time ${masked.timeRatio.toFixed(2)}x, peak ${masked.peakRatio.toFixed(2)}x (buffers ${masked.bufferPeakRatio.toFixed(2)}x); ` +
    `target <= 1.15x in time and peak: ${masked.met ? 'met' : 'NOT met'}; b = ${masked.timeExponent.toFixed(2)} (time), ${masked.peakExponent.toFixed(2)} (peak)`);
  console.log(`  naive,  32 options / 1: time ${naive.timeRatio.toFixed(1)}x, peak ${naive.peakRatio.toFixed(1)}x (buffers ${naive.bufferPeakRatio.toFixed(1)}x); ` +
    `roughly linear (b in [0.8, 1.2]): ${naive.met ? 'met' : 'NOT met'}; b = ${naive.timeExponent.toFixed(2)} (time), ${naive.peakExponent.toFixed(2)} (peak)`);
  console.log(`  resolution options, 4 / 1: masked time ${acceptance.resolutions.maskedTimeRatio.toFixed(2)}x, peak ${acceptance.resolutions.maskedPeakRatio.toFixed(2)}x ` +
    `(sum of r^2/28^2: ${round(acceptance.resolutions.pixelRatio, 2)}x); parameters masked ${acceptance.resolutions.maskedParameterRatio}x, naive ${acceptance.resolutions.naiveParameterRatio}x`);
  return {
    channelBlock: CHANNEL_BLOCK, resolutionBlock: RESOLUTION_BLOCK, timing, channels: channelRows, resolutions: resolutionRows,
    acceptance, tensorsBefore, tensorsAfter, seconds,
    peakMemory: 'peakBytes: tf.profile peakBytes of one step with the variant alone (engine-tracked bytes of all live tensors; ' +
      'shared buffers count once per tensor); bufferPeakBytes: distinct buffers (persistent + highest net growth during the step)',
  };
}
