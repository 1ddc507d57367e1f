/**
 * FBNetV5's per-task architecture policies and their REINFORCE estimator with importance sampling (methods notes
 * §4.4, §5.4): pure functions over plain numbers (B skippable blocks, T tasks; B is small, tens).
 *
 * A task's policy is B independent Bernoulli keep probabilities `π_b = sigmoid(φ_b)`. Each step one architecture
 * `a ∈ {0,1}^B` is drawn from a shared proposal `q` and one forward/backward pass gives every task's loss; the
 * gradient of task t's expected loss `E_{a∼π^t}[ℓ^t(a)]` w.r.t. φ^t is estimated as
 *
 *   ĝ^t = w^t · (ℓ^t(a) − b^t) · ∇_φ log p_{π^t}(a),   w^t = min(p_{π^t}(a) / q(a), clip),
 *   ∂ log p_π(a) / ∂φ_b = a_b − π_b,
 *
 * so the search cost does not grow with T. The paper does not give q or the baseline (notes §6): here q is the
 * mean of the task policies (a mixture's per-block marginal; Bernoulli(0.5) during warm-up), optionally mixed with
 * Bernoulli(0.5) (`proposalOf`'s `uniformMix`), the baseline an
 * exponential moving average of each task's loss, and the weight clipped (default 5). All configurable.
 */

/** `1 / (1 + e^−φ)`. */
export function sigmoid(logit: number): number {
  return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
}

/** `log p_π(a) = Σ_b a_b log π_b + (1 − a_b) log(1 − π_b)` for keep probabilities `π` (each in (0, 1)). */
export function logProbability(keep: readonly number[], architecture: readonly (0 | 1)[]): number {
  checkSame(keep, architecture);
  let total = 0;
  for (let b = 0; b < keep.length; b++) total += architecture[b] === 1 ? Math.log(keep[b]!) : Math.log1p(-keep[b]!);
  return total;
}

/** Draws `a_b ∼ Bernoulli(π_b)` with `random` (uniform in [0, 1)). */
export function sampleArchitecture(keep: readonly number[], random: () => number): (0 | 1)[] {
  return keep.map((p) => (random() < p ? 1 : 0));
}

/**
 * The per-block keep probabilities of the shared proposal: the mean of the task policies' (a mixture's marginal),
 * mixed with Bernoulli(0.5) by `uniformMix`: `q_b = (1 − m) · mean_t π^t_b + m · 0.5`. With m = 0 the weights
 * train most the blocks the policies keep; with m = 1 every block trains half the steps whatever the policies, so
 * no policy is rewarded merely for the blocks it had trained more often. `m` has no default here: the search's is
 * `defaultMultitaskSearchConfig`'s `uniformMix` (0.5).
 */
export function proposalOf(policies: readonly (readonly number[])[], uniformMix: number): number[] {
  if (policies.length === 0) throw new Error('proposalOf: expected at least one task policy');
  if (!(uniformMix >= 0 && uniformMix <= 1)) throw new Error(`proposalOf: uniformMix: expected a number in [0, 1], got ${uniformMix}`);
  const blocks = policies[0]!.length;
  return Array.from({ length: blocks }, (_, b) => (1 - uniformMix) * (policies.reduce((sum, p) => sum + p[b]!, 0) / policies.length) + uniformMix * 0.5);
}

/** Options of `reinforceGradient`. */
export interface ReinforceOptions {
  /** Largest importance weight (default 5). */
  clip?: number;
}

/** One task's REINFORCE estimate from a shared sample. */
export interface ReinforceEstimate {
  /** ĝ: the estimated gradient of the expected loss w.r.t. the logits φ (one per block). */
  gradient: number[];
  /** The importance weight used, after clipping. */
  weight: number;
  /** The weight before clipping, `p_π(a) / q(a)`. */
  rawWeight: number;
}

/**
 * Task t's importance-weighted REINFORCE estimate of `∇_φ E_{a∼π}[ℓ(a)]` from an architecture `a` drawn from
 * the proposal `q`: `min(p_π(a)/q(a), clip) · (loss − baseline) · (a − π)`.
 *
 * @param logits - the task's φ (keep probability `sigmoid(φ_b)`).
 * @param proposal - q's keep probabilities (those `a` was drawn from).
 * @param loss - the task's loss on `a` (its cost term included).
 * @param baseline - the task's baseline (e.g. a moving average of its losses).
 */
export function reinforceGradient(
  logits: readonly number[], proposal: readonly number[], architecture: readonly (0 | 1)[], loss: number, baseline: number, options: ReinforceOptions = {},
): ReinforceEstimate {
  checkSame(logits, architecture);
  checkSame(proposal, architecture);
  const clip = options.clip ?? 5;
  if (!(clip > 0)) throw new Error(`reinforceGradient: clip: expected a positive number, got ${clip}`);
  if (!Number.isFinite(loss)) throw new Error(`reinforceGradient: loss: expected a finite number, got ${loss}`);
  const keep = logits.map(sigmoid);
  const rawWeight = Math.exp(logProbability(keep, architecture) - logProbability(proposal, architecture));
  const weight = Math.min(rawWeight, clip);
  const advantage = loss - baseline;
  return { gradient: keep.map((p, b) => weight * advantage * (architecture[b]! - p)), weight, rawWeight };
}

/** The baseline after a step: `decay · baseline + (1 − decay) · loss`, or `loss` for the first (`baseline` null). */
export function updateBaseline(baseline: number | null, loss: number, decay = 0.9): number {
  return baseline === null ? loss : decay * baseline + (1 - decay) * loss;
}

/**
 * How a task's head loss enters its policy's REINFORCE loss: `'absolute'` as it is, `'relative'` divided by the
 * task's running mean loss (so the policy weighs a 1 % lower loss like a cost term 0.01 lower, whatever the scale of
 * the task's loss: a box L1 loss near 0.03 and a cross-entropy near 1 are then steered alike by the same λ).
 */
export type RewardScale = 'relative' | 'absolute';

/**
 * The loss a task's policy minimizes for one sampled architecture: `loss / scale + cost` (`'relative'`; `scale` the
 * task's running mean loss, the loss itself when null: the first step) or `loss + cost` (`'absolute'`).
 *
 * @param loss - the task's head loss on the architecture (positive for `'relative'`).
 * @param cost - the architecture's cost term for the task (e.g. `λ · |MACs/target − 1|`).
 */
export function policyLoss(loss: number, cost: number, scale: number | null, reward: RewardScale): number {
  if (reward === 'absolute') return loss + cost;
  const s = scale ?? loss;
  if (!(s > 0)) throw new Error(`policyLoss: a relative reward needs a positive loss scale, got ${s}`);
  return loss / s + cost;
}

/** The most likely architecture of a policy: keep block b when `π_b > 0.5`. */
export function mostLikely(keep: readonly number[]): (0 | 1)[] {
  return keep.map((p) => (p > 0.5 ? 1 : 0));
}

function checkSame(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new Error(`expected ${b.length} blocks, got ${a.length}`);
}
