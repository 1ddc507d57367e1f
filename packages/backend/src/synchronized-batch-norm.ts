import {
  add, customGrad, engine, getBackend, keep, mul, rsqrt, scalar, sub, tensor1d, tidy,
  type GradSaveFunc, type Tensor, type Tensor1D,
} from '@tensorflow/tfjs-core';
import { heapView, outputFrom, type WasmHeapBackend } from './wasm/heap';
import { loadNativeModule } from './wasm/native-module';
import { wasmTrainingKernelsRegistered } from './wasm/register-wasm-training-kernels';

/**
 * Sums per-channel statistics over the workers of a data-parallel group: every worker passes its values and gets
 * the elementwise sum over all workers (in float64), the same on each. It blocks until every worker has called it,
 * so every worker must run the same batch norms in the same order. A batch norm calls it once forward and once
 * backward.
 */
export interface StatisticsReducer {
  sum(values: Float64Array): Float64Array;
}

let active: StatisticsReducer | null = null;

/**
 * Runs `body` with training-mode batch norms (`batchNormTraining`) synchronized over a data-parallel group:
 * batch mean and variance are those of the group's whole batch (every worker's examples), and the backward pass
 * sums its two per-channel reductions over the group too, so each worker's input gradient is that of the whole
 * batch's loss, as PyTorch's `SyncBatchNorm`. Needed for a data-parallel step to equal the single-worker step
 * at the same global batch. Nested calls use the innermost reducer; outside, batch norms are per worker.
 *
 * Scale each worker's loss by its share of the global batch (`rows / total rows`) and sum the workers' gradients:
 * that is the whole batch's mean loss and its gradient.
 */
export function withSynchronizedBatchNorm<T>(reducer: StatisticsReducer, body: () => T): T {
  const previous = active;
  active = reducer;
  try {
    return body();
  } finally {
    active = previous;
  }
}

/** The reducer of the innermost `withSynchronizedBatchNorm`, or null. */
export function activeStatisticsReducer(): StatisticsReducer | null {
  return active;
}

/**
 * Training-mode batch norm whose statistics are reduced over `reducer`'s group (see `withSynchronizedBatchNorm`).
 * Returns `[y, mean, variance, rows]`: the output, the group's per-channel batch mean and biased variance, and the
 * group's number of rows per channel (for the unbiased running variance).
 */
export function synchronizedBatchNorm(
  x: Tensor, scale: Tensor1D, offset: Tensor1D, epsilon: number, reducer: StatisticsReducer,
): { y: Tensor; mean: Tensor1D; variance: Tensor1D; rows: number } {
  const channels = x.shape[x.rank - 1]!;
  const localRows = x.size / channels;
  const passes = getBackend() === 'wasm' && wasmTrainingKernelsRegistered() ? nativePasses(engine().backend as unknown as WasmHeapBackend) : jsPasses;
  let statistics: { mean: Tensor1D; variance: Tensor1D; rows: number } | undefined;
  const run = customGrad(((xIn: Tensor, scaleIn: Tensor, offsetIn: Tensor, save: GradSaveFunc) => {
    // One exchange per forward: each worker's Σx, its Σ(x − its own mean)² (two passes over its shard, in
    // float64), (Σx)²/n and n. The group's sum of squared deviations is then Σ M2ᵢ + Σ (Σxᵢ)²/nᵢ − (Σx)²/N (Chan's
    // parallel variance), exact to float64 rounding; float32 sums over a large batch (wasm's `sum` in particular)
    // drift by ~1e-6, more than a one-worker batch norm does.
    const sums = passes.channelSums(xIn, channels);
    const squares = passes.squaredDeviations(xIn, channels, sums.map((v) => v / localRows));
    const local = new Float64Array(3 * channels + 1);
    for (let c = 0; c < channels; c++) {
      local[c] = sums[c]!;
      local[channels + c] = localRows > 0 ? squares[c]! : 0;
      local[2 * channels + c] = localRows > 0 ? (sums[c]! * sums[c]!) / localRows : 0;
    }
    local[3 * channels] = localRows;
    const totals = reducer.sum(local);
    const rows = totals[3 * channels]!;
    const meanValues = new Float32Array(channels);
    const varianceValues = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      meanValues[c] = totals[c]! / rows;
      varianceValues[c] = Math.max(0, totals[channels + c]! + totals[2 * channels + c]! - (totals[c]! * totals[c]!) / rows) / rows;
    }
    const batchMean = tensor1d(meanValues);
    const variance = tensor1d(varianceValues);
    const invStd = rsqrt(add(variance, scalar(epsilon)));
    const y = passes.normalize(xIn, batchMean, invStd, scaleIn, offsetIn);
    save([xIn, batchMean, invStd, scaleIn]);
    statistics = { mean: keep(batchMean.clone()), variance: keep(variance.clone()), rows };
    return {
      value: y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, m, s, g] = saved as [Tensor, Tensor, Tensor, Tensor];
        return tidy(() => {
          // Σdy and Σdy·x̂ per channel, in float64 (as the forward's sums), then over the group.
          const local = passes.backwardSums(dy, xs, m, s, channels);
          const total = reducer.sum(local);
          const dOffset = tensor1d(Float32Array.from(local.subarray(0, channels)));
          const dScale = tensor1d(Float32Array.from(local.subarray(channels)));
          const meanOffset = tensor1d(Float32Array.from(total.subarray(0, channels), (v) => v / rows));
          const meanScale = tensor1d(Float32Array.from(total.subarray(channels), (v) => v / rows));
          const dx = passes.inputGradient(dy, xs, m, s, g, meanOffset, meanScale);
          // Parameter gradients stay per worker: summing them over the group (as the weights' gradients) gives the whole batch's.
          return [dx, dScale, dOffset];
        });
      },
    };
  }) as unknown as Parameters<typeof customGrad>[0]);
  const y = run(x, scale, offset) as Tensor;
  const kept = statistics!;
  // Move the statistics from "kept" into the caller's scope, so a surrounding tidy can free them.
  const result = { y, mean: kept.mean.clone(), variance: kept.variance.clone(), rows: kept.rows };
  kept.mean.dispose();
  kept.variance.dispose();
  return result;
}

/**
 * The large-tensor passes of a synchronized batch norm: per-channel float64 sums, and the float32 elementwise
 * output and input gradient. On wasm they run in fbnas's native kernels (on the tensors' heap); elsewhere in JS
 * and tfjs ops. Both do the same arithmetic in the same order.
 */
interface SynchronizedPasses {
  /** `[C]` of Σx. */
  channelSums(x: Tensor, channels: number): Float64Array;
  /** `[C]` of Σ(x − mean)². */
  squaredDeviations(x: Tensor, channels: number, mean: Float64Array): Float64Array;
  /** `(x − mean) · (invStd · scale) + offset`. */
  normalize(x: Tensor, mean: Tensor, invStd: Tensor, scale: Tensor, offset: Tensor): Tensor;
  /** `[2C]` of Σdy then Σdy·(x − mean)·invStd. */
  backwardSums(dy: Tensor, x: Tensor, mean: Tensor, invStd: Tensor, channels: number): Float64Array;
  /** `(scale · invStd) · ((dy − meanDy) − (x − mean) · invStd · meanDyXhat)`. */
  inputGradient(dy: Tensor, x: Tensor, mean: Tensor, invStd: Tensor, scale: Tensor, meanDy: Tensor, meanDyXhat: Tensor): Tensor;
}

const jsPasses: SynchronizedPasses = {
  channelSums: (x, channels) => channelSums(x.dataSync() as Float32Array, channels, null, null),
  squaredDeviations: (x, channels, mean) => channelSquaredDeviations(x.dataSync() as Float32Array, channels, mean),
  normalize: (x, mean, invStd, scale, offset) => tidy(() => add(mul(sub(x, mean), mul(invStd, scale)), offset)),
  backwardSums: (dy, x, mean, invStd, channels) => channelSums(
    dy.dataSync() as Float32Array, channels, x.dataSync() as Float32Array, { mean: mean.dataSync() as Float32Array, invStd: invStd.dataSync() as Float32Array },
  ),
  inputGradient: (dy, x, mean, invStd, scale, meanDy, meanDyXhat) => tidy(() => mul(mul(scale, invStd), sub(sub(dy, meanDy), mul(mul(sub(x, mean), invStd), meanDyXhat)))),
};

/** The passes in fbnas's native wasm kernels, reading the tensors on the tfjs wasm heap without a copy out. */
function nativePasses(backend: WasmHeapBackend): SynchronizedPasses {
  const native = loadNativeModule();
  const rowsOf = (x: Tensor, channels: number) => x.size / channels;
  const doubles = (view: Float32Array, count: number) => new Float64Array(view.buffer, view.byteOffset, count).slice();
  const f32 = (t: Tensor) => heapView(backend, t);
  // A new tensor on the tfjs heap holding `values` (one copy; a fresh JS array would cost more than the kernel).
  const onHeap = (values: Float32Array, shape: number[]) => engine().makeTensorFromTensorInfo(outputFrom(backend, shape, values));
  return {
    channelSums: (x, channels) => {
      const [, out] = native.call('channel_sums_f64', [f32(x), 2 * channels], [rowsOf(x, channels), channels]);
      return doubles(out!, channels);
    },
    squaredDeviations: (x, channels, mean) => {
      const [, , out] = native.call('channel_squared_deviations_f64', [f32(x), new Float32Array(mean.buffer, mean.byteOffset, 2 * channels), 2 * channels], [rowsOf(x, channels), channels]);
      return doubles(out!, channels);
    },
    normalize: (x, mean, invStd, scale, offset) => {
      const channels = x.shape[x.rank - 1]!;
      const factor = tidy(() => mul(invStd, scale));
      const [, , , , y] = native.call('batch_norm_apply', [f32(x), f32(mean), f32(factor), f32(offset), x.size], [rowsOf(x, channels), channels]);
      factor.dispose();
      return onHeap(y!, x.shape);
    },
    backwardSums: (dy, x, mean, invStd, channels) => {
      const [, , , , out] = native.call('batch_norm_backward_sums_f64', [f32(dy), f32(x), f32(mean), f32(invStd), 4 * channels], [rowsOf(x, channels), channels]);
      return doubles(out!, 2 * channels);
    },
    inputGradient: (dy, x, mean, invStd, scale, meanDy, meanDyXhat) => {
      const channels = x.shape[x.rank - 1]!;
      const operands = [f32(dy), f32(x), f32(mean), f32(invStd), f32(scale), f32(meanDy), f32(meanDyXhat), x.size];
      const dx = native.call('batch_norm_backward_apply', operands, [rowsOf(x, channels), channels])[7]!;
      return onHeap(dx, x.shape);
    },
  };
}

/**
 * Per-channel sums of NHWC-flattened `values` (channel fastest), in float64: `[C]` of Σv, or, given `x` and its
 * normalization, `[2C]` of Σv then Σv·(x − mean)·invStd.
 */
function channelSums(
  values: Float32Array, channels: number, x: Float32Array | null,
  normalization: { mean: Float32Array; invStd: Float32Array } | null,
): Float64Array {
  const out = new Float64Array(x === null ? channels : 2 * channels);
  for (let i = 0, c = 0; i < values.length; i++, c = c + 1 === channels ? 0 : c + 1) out[c] = out[c]! + values[i]!;
  if (x !== null && normalization !== null) {
    const { mean, invStd } = normalization;
    for (let i = 0, c = 0; i < values.length; i++, c = c + 1 === channels ? 0 : c + 1) {
      out[channels + c] = out[channels + c]! + values[i]! * (x[i]! - mean[c]!) * invStd[c]!;
    }
  }
  return out;
}

/** Per-channel Σ(x − mean)² of NHWC-flattened `x`, in float64. */
function channelSquaredDeviations(x: Float32Array, channels: number, mean: Float64Array): Float64Array {
  const out = new Float64Array(channels);
  for (let i = 0, c = 0; i < x.length; i++, c = c + 1 === channels ? 0 : c + 1) {
    const d = x[i]! - mean[c]!;
    out[c] = out[c]! + d * d;
  }
  return out;
}
