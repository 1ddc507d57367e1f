import type { ArchDefinition } from './arch-definition';
import { planUnifiedArch } from './count-arch';
import type { OpSpecRegistry } from './op-spec-registry';
import { countPlan } from './plan-cost';
import { planPrimitivesOf } from './plan-primitives';
import { unify } from './unify';

/**
 * A network's size in the three terms a linear latency model weighs (per image; the head included): how many plan
 * layers run (`PlanCost.layers`), its MACs, and the values its layers write (`PlanCost.outputElements`).
 */
export interface LatencyFeatures {
  /** Plan layers run. */
  layers: number;
  /** Multiply-accumulates. */
  macs: number;
  /** Σ of every layer's output C·H·W. */
  outputElements: number;
}

/**
 * A linear latency model, µs per forward pass of one batch:
 * `intercept + perLayer·layers + perMac·MACs + perOutputElement·outputElements`. On small networks most of a CPU
 * backend's time is per-op overhead, which MACs alone do not see (`fbnas latency fit` measures and fits one).
 */
export interface LinearLatencyCoefficients {
  /** µs per network (may be negative: an affine fit over the measured range). */
  intercept: number;
  /** µs per plan layer. */
  perLayer: number;
  /** µs per multiply-accumulate. */
  perMac: number;
  /** µs per output value. */
  perOutputElement: number;
}

/**
 * The latency features of an architecture (pure): its blocks' plans counted by the plan primitives, as `countArch`.
 *
 * @example
 * archLatencyFeatures(deriveMask(space, sample), ops); // { layers: 47, macs: 490164, outputElements: 71280 }
 */
export function archLatencyFeatures(arch: ArchDefinition, registry: OpSpecRegistry): LatencyFeatures {
  const primitives = planPrimitivesOf(registry);
  const features: LatencyFeatures = { layers: 0, macs: 0, outputElements: 0 };
  for (const { plan, inShape } of planUnifiedArch(unify(arch, registry), registry)) {
    const cost = countPlan(plan, inShape, primitives);
    features.layers += cost.layers;
    features.macs += cost.macs;
    features.outputElements += cost.outputElements;
  }
  return features;
}

/** A linear model's latency (µs per batch) for `features`. */
export function linearLatency(coefficients: LinearLatencyCoefficients, features: LatencyFeatures): number {
  return coefficients.intercept + coefficients.perLayer * features.layers + coefficients.perMac * features.macs +
    coefficients.perOutputElement * features.outputElements;
}
