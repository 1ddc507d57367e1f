import { add, mul, scalar, sum, tensor2d, tidy, type Scalar, type Tensor2D } from '@tensorflow/tfjs-core';
import { childPath, FormatError } from '@fbnas/core';
import type { LatencyTable } from './latency-table';
import { fixedLatency } from './predict-latency';

/**
 * The table's medians as a `[layers, candidates]` matrix. `candidateNames` is either one list shared by every
 * layer, or one list per layer (ragged; rows are padded with 0 to the longest list, for masked logits).
 *
 * @throws FormatError `layers.<id>.<candidate>: missing entry` for a pair the table lacks.
 * @example
 * latencyMatrix(table, ['c16_0', 'c24_0'], ['k3_e1', 'skip']); // [[80.1, 0], [95.3, 60.2]]
 */
export function latencyMatrix(
  table: LatencyTable,
  layerIds: readonly string[],
  candidateNames: readonly string[] | readonly (readonly string[])[],
): number[][] {
  const ragged = candidateNames.length > 0 && Array.isArray(candidateNames[0]);
  if (ragged && candidateNames.length !== layerIds.length) {
    throw new Error(`latencyMatrix: expected one candidate list per layer (${layerIds.length}), got ${candidateNames.length}`);
  }
  const perLayer = (index: number): readonly string[] =>
    ragged ? (candidateNames as readonly (readonly string[])[])[index]! : (candidateNames as readonly string[]);
  const width = Math.max(0, ...layerIds.map((_, index) => perLayer(index).length));
  return layerIds.map((id, index) => {
    const row = table.layers[id];
    if (row === undefined) throw new FormatError(childPath('layers', id), 'missing entry for this layer');
    const values = perLayer(index).map((name) => {
      const stat = row[name];
      if (stat === undefined) throw new FormatError(childPath(childPath('layers', id), name), 'missing entry for this candidate');
      return stat.median;
    });
    return [...values, ...new Array<number>(width - values.length).fill(0)];
  });
}

/**
 * FBNet's differentiable latency (methods §1.4): `Σ_l Σ_i p_{l,i} · LUT(l, i) + Σ fixed`, a scalar in the
 * table's unit whose gradient with respect to `probabilities` is the LUT matrix. Use it with Gumbel-softmax
 * masks or softmax(θ).
 *
 * @param layerIds - the rows of `probabilities`.
 * @param candidateNames - its columns: one list for every layer, or one list per layer (padding columns cost 0).
 * @param probabilities - `[layers, candidates]` weights (masks or probabilities).
 * @throws Error when the shape does not match; FormatError for pairs missing from the table.
 * @example
 * const latency = expectedLatency(table, layerIds, candidateNames, tf.softmax(theta) as tf.Tensor2D);
 * const loss = crossEntropy.mul(0.2).mul(tf.log(latency).pow(0.6)); // CE · α · (ln LAT)^β
 */
export function expectedLatency(
  table: LatencyTable,
  layerIds: readonly string[],
  candidateNames: readonly string[] | readonly (readonly string[])[],
  probabilities: Tensor2D,
): Scalar {
  const matrix = latencyMatrix(table, layerIds, candidateNames);
  const width = matrix[0]?.length ?? 0;
  const [rows, columns] = probabilities.shape;
  if (rows !== layerIds.length || columns !== width) {
    throw new Error(`expectedLatency: expected probabilities of shape [${layerIds.length}, ${width}], got [${rows}, ${columns}]`);
  }
  return tidy(() => add(sum(mul(probabilities, tensor2d(matrix, [rows, columns]))), scalar(fixedLatency(table))) as Scalar);
}
