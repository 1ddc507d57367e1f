import { countArch, type ArchDefinition, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { decodeJointPoint, jointArchitecture, type JointSample, type JointSpace } from './joint-sample';
import { createSobolSequence } from './sobol';

/** Resource bounds a sampled architecture must meet (all optional, inclusive). */
export interface JointConstraints {
  /** MACs (multiply-accumulates, `countArch(...).macs`). */
  minMacs?: number;
  maxMacs?: number;
  /** Parameters under the published convention: convolution weights (`countArch(...).weights`). */
  minParams?: number;
  maxParams?: number;
  /** Latency in the unit `latencyOf` returns (e.g. µs from a latency table); needs `latencyOf`. */
  maxLatency?: number;
}

/** Options of `sampleJointSpace`. */
export interface SampleJointSpaceOptions {
  /** How many accepted pairs to return. */
  count: number;
  /** Seed of the scrambled Sobol sequence (default 0). */
  seed?: number;
  constraints?: JointConstraints;
  /** The latency of an architecture (e.g. `predictLatency` of a latency table); required with `maxLatency`. */
  latencyOf?: (architecture: ArchDefinition) => number;
  /** Op registry for counting (default: the built-in op specs). */
  ops?: OpSpecRegistry;
  /** Points drawn at most before giving up (default 64 · count). */
  maxDraws?: number;
}

/** One accepted pair with its costs. */
export interface SampledPair {
  /** Index of its Sobol point in the sequence (0-based). */
  index: number;
  /** The Sobol point it was decoded from. */
  point: number[];
  sample: JointSample;
  architecture: ArchDefinition;
  macs: number;
  /** Convolution weights (the published "params" convention). */
  params: number;
  /** Its latency when `latencyOf` was given. */
  latency?: number;
}

/** The outcome of `sampleJointSpace`. */
export interface JointSampling {
  pairs: SampledPair[];
  /** Points drawn (accepted + rejected). */
  drawn: number;
  /** Rejections per bound (`maxMacs`, …). */
  rejected: Record<string, number>;
}

/**
 * Draws architecture–recipe pairs by quasi-Monte-Carlo (FBNetV3's first step, fbnet-methods §3.5): scrambled Sobol
 * points of the space's searched dimensions, decoded (`decodeJointPoint`), counted and kept when they meet every
 * constraint (rejection sampling), until `count` are kept. Deterministic for a seed.
 *
 * @throws Error when fewer than `count` pairs pass in `maxDraws` points, naming the bound that rejected most; or
 *   `maxLatency` without `latencyOf`.
 * @example
 * const { pairs } = sampleJointSpace(loadJointSpace('nars-micro-28'), { count: 64, constraints: { maxMacs: 2e6 } });
 */
export function sampleJointSpace(space: JointSpace, options: SampleJointSpaceOptions): JointSampling {
  const { count, seed = 0, constraints = {}, latencyOf } = options;
  if (!Number.isInteger(count) || count < 1) throw new Error(`sampleJointSpace: options.count: expected a positive integer, got ${count}`);
  if (constraints.maxLatency !== undefined && latencyOf === undefined) {
    throw new Error('sampleJointSpace: constraints.maxLatency needs options.latencyOf (e.g. a latency table prediction)');
  }
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const maxDraws = options.maxDraws ?? 64 * count;
  const sobol = createSobolSequence({ dimensions: Math.max(1, space.searched.length), seed });
  const rejected: Record<string, number> = {};
  const pairs: SampledPair[] = [];
  let drawn = 0;
  while (pairs.length < count && drawn < maxDraws) {
    const index = drawn;
    const point = sobol.next().slice(0, space.searched.length);
    drawn += 1;
    const outcome = pairAt(space, point, { constraints, ops, ...(latencyOf === undefined ? {} : { latencyOf }) }, `${space.name}-${index}`);
    if ('rejected' in outcome) rejected[outcome.rejected] = (rejected[outcome.rejected] ?? 0) + 1;
    else pairs.push({ ...outcome.pair, index });
  }
  if (pairs.length < count) {
    const worst = Object.entries(rejected).sort((a, b) => b[1] - a[1])[0];
    throw new Error(
      `sampleJointSpace: only ${pairs.length} of ${count} pairs of space '${space.name}' met the constraints in ${drawn} draws` +
        (worst === undefined ? '' : ` (${worst[0]} rejected ${worst[1]}); loosen ${worst[0]} or raise options.maxDraws`),
    );
  }
  return { pairs, drawn, rejected };
}

/**
 * The pair at a point of the unit cube, counted, or the bound it violates: one step of `sampleJointSpace`, also
 * used by the evolutionary search for mutated points. `index` of the returned pair is −1.
 *
 * @example
 * const outcome = pairAt(space, point, { constraints: { maxMacs: 1e6 }, ops });
 * if ('pair' in outcome) outcome.pair.macs;
 */
export function pairAt(
  space: JointSpace,
  point: readonly number[],
  options: { constraints: JointConstraints; ops: OpSpecRegistry; latencyOf?: (architecture: ArchDefinition) => number },
  name = `${space.name}-sample`,
): { pair: SampledPair } | { rejected: string } {
  const sample = decodeJointPoint(space, point);
  const architecture = jointArchitecture(space, sample, { name });
  const { macs, weights: params } = countArch(architecture, options.ops);
  const latency = options.latencyOf?.(architecture);
  const failed = violated(options.constraints, macs, params, latency);
  if (failed !== null) return { rejected: failed };
  return { pair: { index: -1, point: [...point], sample, architecture, macs, params, ...(latency === undefined ? {} : { latency }) } };
}

function violated(c: JointConstraints, macs: number, params: number, latency: number | undefined): string | null {
  if (c.minMacs !== undefined && macs < c.minMacs) return 'minMacs';
  if (c.maxMacs !== undefined && macs > c.maxMacs) return 'maxMacs';
  if (c.minParams !== undefined && params < c.minParams) return 'minParams';
  if (c.maxParams !== undefined && params > c.maxParams) return 'maxParams';
  if (c.maxLatency !== undefined && latency! > c.maxLatency) return 'maxLatency';
  return null;
}
