import {
  add, conv2d, depthwiseConv2d, batchNorm, mean, moments, relu, square, sub, tensor, tidy, train, variable,
  type Scalar, type Tensor1D, type Tensor4D, type Variable,
} from '@tensorflow/tfjs-core';
import { batchNormTraining } from '../batch-norm';
import { seededNormal } from './seeded-random';

/** How the block's batch norms are computed: fbnas's `batchNormTraining`, or `tf.moments` + `tf.batchNorm`. */
export type BlockBatchNorm = 'fbnas' | 'tfjs' | 'none';

/** Shape of the benchmark MBConv block. Defaults: the block (16→96→16, 3×3, batch 32, 32×32). */
export interface MbconvBlockOptions {
  batch?: number;
  size?: number;
  channels?: number;
  expansion?: number;
  kernel?: number;
  batchNorm?: BlockBatchNorm;
  seed?: number;
}

/** A trainable MBConv block with fixed input and target, for benchmarks and cross-backend tests. */
export interface MbconvBlock {
  variables: Variable[];
  /** The block's output for its input. */
  forward(): Tensor4D;
  /** Mean squared error to the target. */
  loss(): Scalar;
  /** One SGD step (forward, backward, update); returns the loss before the update. */
  step(): number;
  dispose(): void;
}

let nextBlockId = 0;

/**
 * Builds the MBConv block `x + BN(pw(ReLU(BN(dw(ReLU(BN(pw(x))))))))` (1×1 C→E·C, 3×3 depthwise, 1×1 E·C→C,
 * batch statistics, no biases) on the active backend with seeded weights, input and target, trained by SGD with
 * learning rate 0.01. Identical seeds give identical starting points on every backend.
 */
export function createMbconvBlock(options: MbconvBlockOptions = {}): MbconvBlock {
  const { batch = 32, size = 32, channels = 16, expansion = 6, kernel = 3, batchNorm: bnMode = 'fbnas', seed = 1 } = options;
  const hidden = channels * expansion;
  const pad = (kernel - 1) / 2;
  const make = (name: string, shape: number[], values: Float32Array) => {
    const initial = tensor(values, shape);
    const result = variable(initial, true, `mbconv_${name}_${nextBlockId}`);
    initial.dispose();
    return result;
  };
  nextBlockId += 1;
  const ones = (n: number) => new Float32Array(n).fill(1);
  const w1 = make('w1', [1, 1, channels, hidden], seededNormal(seed, channels * hidden, Math.sqrt(2 / channels)));
  const wd = make('wd', [kernel, kernel, hidden, 1], seededNormal(seed + 1, kernel * kernel * hidden, Math.sqrt(2 / (kernel * kernel))));
  const w2 = make('w2', [1, 1, hidden, channels], seededNormal(seed + 2, hidden * channels, Math.sqrt(1 / hidden)));
  const norms: [Variable, Variable][] = bnMode === 'none' ? [] : [hidden, hidden, channels].map((c, i) => [
    make(`g${i}`, [c], ones(c)),
    make(`b${i}`, [c], new Float32Array(c)),
  ]);
  const variables = [w1, wd, w2, ...norms.flat()];
  const x = tensor(seededNormal(seed + 3, batch * size * size * channels), [batch, size, size, channels]) as Tensor4D;
  const target = tensor(seededNormal(seed + 4, batch * size * size * channels), [batch, size, size, channels]) as Tensor4D;
  const optimizer = train.sgd(0.01);

  const normalize = (h: Tensor4D, i: number): Tensor4D => {
    if (bnMode === 'none') return h;
    const [gamma, beta] = norms[i]! as [Tensor1D, Tensor1D];
    if (bnMode === 'fbnas') return batchNormTraining(h, gamma, beta, 1e-5).y;
    const stats = moments(h, [0, 1, 2]);
    return batchNorm(h, stats.mean, stats.variance, beta, gamma, 1e-5) as Tensor4D;
  };
  const forward = () =>
    tidy(() => {
      let h = relu(normalize(conv2d(x, w1 as unknown as Tensor4D, 1, 'valid'), 0));
      h = relu(normalize(depthwiseConv2d(h, wd as unknown as Tensor4D, 1, [[0, 0], [pad, pad], [pad, pad], [0, 0]]), 1));
      h = normalize(conv2d(h, w2 as unknown as Tensor4D, 1, 'valid'), 2);
      return add(x, h) as Tensor4D;
    });
  const loss = () => tidy(() => mean(square(sub(forward(), target))) as Scalar);
  return {
    variables,
    forward,
    loss,
    step() {
      const value = optimizer.minimize(loss, true, variables)!;
      const result = value.dataSync()[0]!;
      value.dispose();
      return result;
    },
    dispose() {
      for (const v of variables) v.dispose();
      x.dispose();
      target.dispose();
      optimizer.dispose();
    },
  };
}
