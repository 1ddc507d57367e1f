import { add, div, dot, mul, ones, reshape, scalar, slice, tensor1d, type Scalar, type Tensor, type Tensor1D, type Tensor2D } from '@tensorflow/tfjs-core';
import type { CostArithmetic } from '@fbnas/core';
import type { BlockVariable, ChoiceTable } from './choice-table';

/**
 * Row `row` of a `[rows, K]` weight matrix cut to its `length` options, or `[1]` for a fixed dimension (null).
 *
 * @example
 * rowWeights(mask, plan.resolutionRow, 3); // [3] resolution weights
 */
export function rowWeights(matrix: Tensor2D, row: number | null, length: number): Tensor1D {
  if (row === null) return ones([1]) as Tensor1D;
  return reshape(slice(matrix, [row, 0], [1, length]), [length]);
}

/**
 * The weights of one masked block's choices in one forward pass (or cost evaluation): a distribution per variable
 * (expansion, input width, output width), independent across variables. Expectations of `ChoiceTable`s are exact
 * over the variables each depends on; joint distributions are cached per dependency set. Call inside `tidy`.
 */
export class BlockWeights {
  private readonly joints = new Map<string, Tensor1D>();

  /** @param weights - `[options]` weights per variable (`[1]` of ones for a fixed variable). */
  constructor(readonly weights: Readonly<Record<BlockVariable, Tensor1D>>) {}

  /** The joint weights over `deps`' option grid, row-major (`[1]` for no deps). */
  joint(deps: readonly BlockVariable[]): Tensor1D {
    const key = deps.join(',');
    let joint = this.joints.get(key);
    if (!joint) {
      joint = deps.reduce<Tensor1D>(
        (acc, v) => reshape(mul(reshape(acc, [-1, 1]), reshape(this.weights[v], [1, -1])), [-1]),
        ones([1]) as Tensor1D,
      );
      this.joints.set(key, joint);
    }
    return joint;
  }

  /** The expectation of a numeric table: `Σ P(choices)·value` (exact for one-hot weights). */
  expect(table: ChoiceTable<number>): Scalar {
    if (table.deps.length === 0) return scalar(table.values[0]!);
    return reshape(dot(this.joint(table.deps), tensor1d(table.values)), []) as Scalar;
  }
}

/** Arithmetic on tensors, for the effective-shape cost. */
export const TENSOR_ARITHMETIC: CostArithmetic<Tensor> = Object.freeze({
  constant: (value: number) => scalar(value),
  add: (a: Tensor, b: Tensor) => add(a, b),
  mul: (a: Tensor, b: Tensor) => mul(a, b),
  div: (a: Tensor, b: Tensor) => div(a, b),
});
