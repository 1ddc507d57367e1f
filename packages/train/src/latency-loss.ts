import { add, div, log, mul, pow, scalar, square, tidy, type Scalar } from '@tensorflow/tfjs-core';

/** How the latency term enters the loss. */
export type LatencyLossForm =
  /** FBNet's `CE · α · (ln LAT)^β` (Wu et al. 2019, Eq. 2). */
  | { kind: 'multiplicative'; alpha: number; beta: number }
  /** `CE + λ · LAT / LATref`, a common alternative. */
  | { kind: 'additive'; lambda: number; reference: number }
  /**
   * `CE + λ · (ln(COST / target))²`: steers the cost to a budget from both sides (FBNetV2's searches target a
   * FLOP or parameter budget; fbnet-methods §2.4 leaves the weighting open).
   */
  | { kind: 'budget'; lambda: number; target: number };

/** FBNet's defaults: α = 0.2, β = 0.6. */
export const FBNET_LATENCY_LOSS: LatencyLossForm = { kind: 'multiplicative', alpha: 0.2, beta: 0.6 };

/**
 * The latency-aware loss. `latency` must be in a unit that keeps `ln LAT > 0` (fbnas LUTs use µs, so a network
 * is ≫ 1 unit); a finite latency ≤ 1 would make `(ln LAT)^β` zero or NaN and is rejected. A non-finite one
 * gives a non-finite loss.
 * @throws Error when the multiplicative form sees a finite LAT ≤ 1.
 */
export function latencyAwareLoss(crossEntropy: Scalar, latency: Scalar, form: LatencyLossForm): Scalar {
  return tidy(() => {
    if (form.kind === 'additive') return add(crossEntropy, mul(scalar(form.lambda), div(latency, scalar(form.reference)))) as Scalar;
    if (form.kind === 'budget') {
      if (!(form.target > 0)) throw new Error(`latencyAwareLoss: budget target must be > 0, got ${form.target}`);
      return add(crossEntropy, mul(scalar(form.lambda), square(log(div(latency, scalar(form.target)))))) as Scalar;
    }
    const value = latency.dataSync()[0]!;
    // A non-finite LAT makes the loss non-finite, which the trainer reports as such (NonFiniteLossError).
    if (Number.isFinite(value) && !(value > 1)) {
      throw new Error(`latencyAwareLoss: LAT must be > 1 so that ln LAT > 0 (got ${value}); measure latency in µs or scale it`);
    }
    return mul(mul(crossEntropy, scalar(form.alpha)), pow(log(latency), scalar(form.beta))) as Scalar;
  });
}
