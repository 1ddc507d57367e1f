import { expectedWeights, referenceShape, type ExpectedWeight } from './expected-weights';
import type { LayerPlan, PlanPrimitiveRegistry } from '@fbnas/core';

/** A tensor from a reference checkpoint (as read by `@fbnas/torch-checkpoint`). */
export interface ReferenceTensor {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number | bigint>;
}

/** A converted tfjs weight: name, tfjs shape and float32 values. */
export interface ConvertedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Keys PyTorch stores that carry no model parameter (ignored when present). */
const IGNORED_SUFFIXES = ['.num_batches_tracked'];

/**
 * Converts a reference state dict (keys of spec §9.7, `module.` already stripped) into tfjs weights for the
 * planned blocks, converting layouts (OIHW → HWIO, depthwise (C,1,kh,kw) → (kh,kw,C,1)). All-or-nothing:
 * every missing, unexpected or mis-shaped key is collected and reported by name in one error, and nothing is
 * returned unless every expected weight converted.
 *
 * @param primitives - the layer kinds of the plans (default the built-ins; `planPrimitivesOf(ops)` when the
 *   architecture uses contributed op specs).
 * @throws Error listing `missing: …`, `unexpected: …` and `wrong shape: key [got] expected [want]`.
 */
export function convertStateDict(
  stateDict: ReadonlyMap<string, ReferenceTensor>,
  blocks: readonly { path: string; plan: LayerPlan }[],
  source = 'checkpoint',
  primitives?: PlanPrimitiveRegistry,
): ConvertedWeight[] {
  const expected = expectedWeights(blocks, primitives);
  const wanted = new Set(expected.map((w) => w.referenceKey));
  const missing: string[] = [];
  const misShaped: string[] = [];
  const converted: ConvertedWeight[] = [];
  for (const weight of expected) {
    const tensor = stateDict.get(weight.referenceKey);
    if (!tensor) {
      missing.push(weight.referenceKey);
      continue;
    }
    const want = referenceShape(weight);
    const got = weight.layout !== 'vector' && tensor.shape.length === 2 ? [...tensor.shape, 1, 1] : tensor.shape;
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      misShaped.push(`${weight.referenceKey} [${tensor.shape}] expected [${want}]`);
      continue;
    }
    converted.push({ name: weight.tfjsName, shape: weight.shape, values: toLayout(tensor.data, weight) });
  }
  const unexpected = [...stateDict.keys()].filter((k) => !wanted.has(k) && !IGNORED_SUFFIXES.some((s) => k.endsWith(s)));
  if (missing.length + unexpected.length + misShaped.length > 0) {
    const parts = [
      missing.length ? `missing (${missing.length}): ${missing.join(', ')}` : '',
      unexpected.length ? `unexpected (${unexpected.length}): ${unexpected.join(', ')}` : '',
      misShaped.length ? `wrong shape (${misShaped.length}): ${misShaped.join('; ')}` : '',
    ].filter(Boolean);
    throw new Error(`${source}: the state dict does not match the architecture; ${parts.join('; ')}`);
  }
  return converted;
}

/** Reorders a reference tensor's values into the tfjs layout of `weight`. */
function toLayout(data: ArrayLike<number | bigint>, weight: ExpectedWeight): Float32Array {
  const values = Float32Array.from(data as ArrayLike<number>, (v) => Number(v));
  if (weight.layout === 'vector') return values;
  const [kh, kw, a, b] = weight.shape as [number, number, number, number];
  const out = new Float32Array(values.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let p = 0; p < a; p++)
        for (let q = 0; q < b; q++) {
          // oihw: reference [b=out][a=in/g][i][j]; depthwise: reference [p*b+q][0][i][j] with a = C, b = multiplier.
          const source = weight.layout === 'oihw' ? ((q * a + p) * kh + i) * kw + j : ((p * b + q) * kh + i) * kw + j;
          out[((i * kw + j) * a + p) * b + q] = values[source]!;
        }
  return out;
}
