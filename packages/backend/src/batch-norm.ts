import {
  add, customGrad, div, engine, getBackend, keep, mean as reduceMean, mul, rsqrt, scalar, square, sub, sum, tidy,
  type GradSaveFunc, type Tensor, type Tensor1D,
} from '@tensorflow/tfjs-core';
import { activeStatisticsReducer, synchronizedBatchNorm } from './synchronized-batch-norm';
import { FbnasBatchNormBackward, FbnasBatchNormForward } from './wasm/kernels/batch-norm-kernels';
import { wasmTrainingKernelsRegistered } from './wasm/register-wasm-training-kernels';

/** The result of a training-mode batch norm: the output and the batch statistics (for running averages). */
export interface BatchNormTrainingResult<T extends Tensor> {
  /** `scale · (x − mean) / sqrt(variance + epsilon) + offset`, same shape as `x`. */
  y: T;
  /** Per-channel batch mean, shape `[C]`. Not connected to the gradient tape. */
  mean: Tensor1D;
  /** Per-channel biased batch variance, shape `[C]`. Not connected to the gradient tape. */
  variance: Tensor1D;
  /** Rows the statistics are over (`x.size / C`; the whole group's inside `withSynchronizedBatchNorm`). */
  rows: number;
}

/**
 * Training-mode batch normalization over every axis but the last (NHWC channels), with a closed-form gradient
 * for `x`, `scale` and `offset`. On the wasm backend with `registerWasmTrainingKernels()` active it runs as two
 * native kernels; elsewhere it is composed of tfjs ops. `tf.batchNorm`'s own gradient spends most of a wasm
 * training step in `Tile`; this path avoids it (see docs/benchmarks.md).
 *
 * Inside `withSynchronizedBatchNorm` the statistics (and the backward pass's reductions) are those of the whole
 * data-parallel group's batch (`synchronizedBatchNorm`).
 *
 * The caller owns (and disposes, or tidies) all three returned tensors. Unlike `tf.batchNorm`, the statistics
 * come from the batch itself, as in PyTorch's `BatchNorm2d` in train mode (biased variance, ε default 1e-5).
 *
 * @example
 * const { y, mean, variance } = batchNormTraining(x, gamma, beta);
 */
export function batchNormTraining<T extends Tensor>(
  x: T,
  scale: Tensor1D,
  offset: Tensor1D,
  epsilon = 1e-5,
): BatchNormTrainingResult<T> {
  const channels = x.shape[x.shape.length - 1];
  if (x.rank < 2 || scale.shape[0] !== channels || offset.shape[0] !== channels) {
    throw new Error(
      `batchNormTraining: expected x of rank >= 2 with C channels last and scale, offset of shape [C]; ` +
        `got x [${x.shape}], scale [${scale.shape}], offset [${offset.shape}]`,
    );
  }
  const reducer = activeStatisticsReducer();
  if (reducer !== null) return synchronizedBatchNorm(x, scale, offset, epsilon, reducer) as BatchNormTrainingResult<T>;
  const native = getBackend() === 'wasm' && wasmTrainingKernelsRegistered();
  let statistics: [Tensor1D, Tensor1D] | undefined;
  const run = customGrad(((xIn: Tensor, scaleIn: Tensor, offsetIn: Tensor, save: GradSaveFunc) => {
    const [y, batchMean, variance, invStd] = native
      ? (engine().runKernel(FbnasBatchNormForward, { x: xIn, scale: scaleIn, offset: offsetIn }, { epsilon }) as Tensor[])
      : composedForward(xIn, scaleIn, offsetIn, epsilon);
    save([xIn, batchMean!, invStd!, scaleIn]);
    statistics = [keep(batchMean as Tensor1D), keep(variance as Tensor1D)];
    return {
      value: y!,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, m, s, g] = saved as [Tensor, Tensor, Tensor, Tensor];
        return native
          ? (engine().runKernel(FbnasBatchNormBackward, { dy, x: xs, mean: m, invStd: s, scale: g }) as Tensor[])
          : composedBackward(dy, xs, m, s, g);
      },
    };
  }) as unknown as Parameters<typeof customGrad>[0]);
  const y = run(x, scale, offset) as T;
  const [keptMean, keptVariance] = statistics!;
  // Move the statistics from "kept" into the caller's scope, so a surrounding tidy can free them.
  const result = { y, mean: keptMean.clone(), variance: keptVariance.clone(), rows: x.size / channels };
  keptMean.dispose();
  keptVariance.dispose();
  return result;
}

function reductionAxes(x: Tensor): number[] {
  return Array.from({ length: x.rank - 1 }, (_, i) => i);
}

function composedForward(x: Tensor, scale: Tensor, offset: Tensor, epsilon: number): Tensor[] {
  const axes = reductionAxes(x);
  const batchMean = reduceMean(x, axes);
  const centered = sub(x, batchMean);
  const variance = reduceMean(square(centered), axes);
  const invStd = rsqrt(add(variance, scalar(epsilon)));
  const y = add(mul(centered, mul(invStd, scale)), offset);
  return [y, batchMean, variance, invStd];
}

function composedBackward(dy: Tensor, x: Tensor, batchMean: Tensor, invStd: Tensor, scale: Tensor): Tensor[] {
  return tidy(() => {
    const axes = reductionAxes(x);
    const rows = scalar(x.size / x.shape[x.rank - 1]!);
    const xHat = mul(sub(x, batchMean), invStd);
    const dOffset = sum(dy, axes);
    const dScale = sum(mul(dy, xHat), axes);
    const dx = mul(
      mul(scale, invStd),
      sub(sub(dy, div(dOffset, rows)), mul(xHat, div(dScale, rows))),
    );
    return [dx, dScale, dOffset];
  });
}
