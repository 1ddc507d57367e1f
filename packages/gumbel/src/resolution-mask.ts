/**
 * FBNetV2's input-resolution search (§3.2, Figs. 2, 4, 5; fbnet-methods §2.3, §5.2): for each candidate
 * resolution r of a square S×S map, gather an r×r nearest-neighbour subsample into a small dense map, run the op
 * on it (so its receptive field is kept), spread the result back over the full grid with zeros in between, and
 * add the paths weighted by their Gumbel weights. Every path shares one full-size output tensor.
 *
 * **Index rule.** Pixel i of the r×r map is pixel `floor(i·S/r)` of the S×S map (offset 0: the first row and
 * column are always kept). When r divides S this is every (S/r)-th row and column starting at 0 (factor 2:
 * every other one, the paper's pattern); for 28 → 21 it keeps 0, 1, 2, 4, 5, 6, 8, … The same rule places an
 * op's small output back on its full grid, so after an op of stride s the small output pixel i lands where the
 * full-size op's output for the same input pixel lies whenever s·r divides S.
 *
 * Both steps are products with a constant 0/1 selection matrix `Sᵣ ∈ {0,1}^{r×S}`, `Sᵣ[i, floor(i·S/r)] = 1`:
 * subsample `A = Sᵣ X Sᵣᵀ`, place `Z = Sᵣᵀ Y Sᵣ`, per image and channel (plain 2-D `matMul`s, which every
 * backend can differentiate).
 */
import { add, matMul, mul, reshape, slice, tensor2d, tidy, transpose, type Tensor, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';

/** An op run on each subsampled map: `[N, r, r, C]` to `[N, r', r', C']` (the same C' for every r). */
export type SpatialOp = (x: Tensor4D) => Tensor4D;

/**
 * The rows (or columns) of an S-pixel axis kept by an r-pixel nearest-neighbour subsample: `floor(i·S/r)`.
 *
 * @param size - S, the full size (pixels).
 * @param resolution - r ≤ S, the subsampled size (pixels).
 * @returns r strictly increasing indices in [0, S).
 * @throws Error when `resolution` is not an integer in [1, size].
 * @example
 * subsampleIndices(4, 2); // [0, 2]
 * subsampleIndices(28, 21).slice(0, 5); // [0, 1, 2, 4, 5]
 */
export function subsampleIndices(size: number, resolution: number): number[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`subsampleIndices: size: expected a positive integer, got ${size}`);
  if (!Number.isInteger(resolution) || resolution < 1 || resolution > size) {
    throw new Error(`subsampleIndices: resolution: expected an integer in [1, ${size}], got ${resolution}`);
  }
  return Array.from({ length: resolution }, (_, i) => Math.floor((i * size) / resolution));
}

/**
 * Nearest-neighbour subsample of a square NHWC map to r×r (rows and columns `subsampleIndices(S, r)`).
 *
 * @param x - `[N, S, S, C]`.
 * @param resolution - r (pixels), 1 ≤ r ≤ S.
 * @returns `[N, r, r, C]`; differentiable in `x`.
 * @throws Error when `x` is not a square NHWC map or `resolution` is out of range.
 * @example
 * subsample(tf.range(0, 16).reshape([1, 4, 4, 1]), 2); // [[0, 2], [8, 10]]
 */
export function subsample(x: Tensor4D, resolution: number): Tensor4D {
  const size = squareSize(x, 'subsample', 'x');
  const indices = subsampleIndices(size, resolution);
  return tidy(() => {
    const selection = selectionMatrix(indices, size);
    return alongWidth(alongHeight(x, selection), selection);
  });
}

/**
 * Places a small r×r map on an S×S grid with interleaved zeros: output pixel `(floor(i·S/r), floor(j·S/r))` is
 * input pixel (i, j); every other pixel is 0 (Fig. 4C, "spatially interspersed zero-padding").
 *
 * @param y - `[N, r, r, C]`.
 * @param size - S (pixels), ≥ r.
 * @returns `[N, S, S, C]`; differentiable in `y`.
 * @throws Error when `y` is not a square NHWC map or is larger than `size`.
 * @example
 * placeOnGrid(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 4); // [[1,0,2,0],[0,0,0,0],[3,0,4,0],[0,0,0,0]]
 */
export function placeOnGrid(y: Tensor4D, size: number): Tensor4D {
  const resolution = squareSize(y, 'placeOnGrid', 'y');
  if (!Number.isInteger(size) || size < resolution) {
    throw new Error(`placeOnGrid: size: expected an integer ≥ the map's size ${resolution}, got ${size}`);
  }
  const indices = subsampleIndices(size, resolution);
  return tidy(() => {
    const placement = transpose(selectionMatrix(indices, size)) as Tensor2D;
    return alongWidth(alongHeight(y, placement), placement);
  });
}

/** Options of `mixResolutions`. */
export interface MixResolutionsOptions {
  /** Side of the full output grid (pixels). Default: the input's side (an op that keeps the size). */
  outputSize?: number;
}

/**
 * The resolution-searched op: `Σᵢ gᵢ · placeOnGrid(op(subsample(x, rᵢ)), outputSize)`. The path of a resolution
 * equal to the input's side runs the op on `x` itself. Differentiable in `x`, the op's variables and `weights`.
 * Cost: the op once per resolution on r² pixels (sub-linear in the number of resolutions), one full-size sum.
 *
 * @param x - `[N, S, S, C]`.
 * @param resolutions - candidate sides rᵢ (pixels), each in [1, S].
 * @param weights - `[K]` Gumbel weights over `resolutions`.
 * @throws Error when `weights` is not `[K]`, a resolution is out of range, or an op output is larger than
 *   `outputSize`.
 * @example
 * const y = mixResolutions(x, (t) => tf.relu(t), [28, 21, 14], gumbelSoftmax(alpha, { temperature, seed }));
 */
export function mixResolutions(
  x: Tensor4D,
  op: SpatialOp,
  resolutions: readonly number[],
  weights: Tensor,
  options: MixResolutionsOptions = {},
): Tensor4D {
  const size = squareSize(x, 'mixResolutions', 'x');
  if (weights.rank !== 1 || weights.shape[0] !== resolutions.length || resolutions.length === 0) {
    throw new Error(`mixResolutions: expected ${resolutions.length} weights (a [K] vector, one per resolution, K ≥ 1), got shape [${weights.shape}]`);
  }
  resolutions.forEach((resolution) => subsampleIndices(size, resolution));
  const outputSize = options.outputSize ?? size;
  return tidy(() => {
    // slice, not unstack: tfjs's unstack gradient fails for a single option.
    const weight = resolutions.map((_, i) => reshape(slice(weights, [i], [1]), []));
    let total: Tensor4D | undefined;
    resolutions.forEach((resolution, i) => {
      const small = op(resolution === size ? x : subsample(x, resolution));
      const placed = small.shape[1] === outputSize ? small : placeOnGrid(small, outputSize);
      const term = mul(placed, weight[i]!) as Tensor4D;
      total = total === undefined ? term : (add(total, term) as Tensor4D);
    });
    return total!;
  });
}

/** `[r, S]` with ones at (i, indices[i]). */
function selectionMatrix(indices: readonly number[], size: number): Tensor2D {
  const rows = indices.map((column) => Array.from({ length: size }, (_, j) => (j === column ? 1 : 0)));
  return tensor2d(rows, [indices.length, size], 'float32');
}

/** `out[n, a, w, c] = Σ_h matrix[a, h] · x[n, h, w, c]`. */
function alongHeight(x: Tensor4D, matrix: Tensor2D): Tensor4D {
  const [n, h, w, c] = x.shape;
  const rows = reshape(transpose(x, [0, 2, 3, 1]), [n * w * c, h]);
  const mapped = reshape(matMul(rows, matrix, false, true), [n, w, c, matrix.shape[0]]);
  return transpose(mapped, [0, 3, 1, 2]) as Tensor4D;
}

/** `out[n, h, b, c] = Σ_w matrix[b, w] · x[n, h, w, c]`. */
function alongWidth(x: Tensor4D, matrix: Tensor2D): Tensor4D {
  const [n, h, w, c] = x.shape;
  const rows = reshape(transpose(x, [0, 1, 3, 2]), [n * h * c, w]);
  const mapped = reshape(matMul(rows, matrix, false, true), [n, h, c, matrix.shape[0]]);
  return transpose(mapped, [0, 1, 3, 2]) as Tensor4D;
}

function squareSize(x: Tensor, caller: string, argument: string): number {
  if (x.rank !== 4 || x.shape[1] !== x.shape[2]) {
    throw new Error(`${caller}: ${argument}: expected a square NHWC map [N, S, S, C], got [${x.shape}]`);
  }
  return x.shape[1]!;
}
