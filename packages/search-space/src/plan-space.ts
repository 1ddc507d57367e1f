import {
  FormatError, planUnifiedArch, unify, type FeatureShape, type LayerPlan, type OpSpecRegistry, type ResolvedBlock,
} from '@fbnas/core';
import type { ArchitectureSample } from './architecture-sample';
import { derive } from './derive';
import { locateDerivedPath } from './locate-derived-path';
import type { SearchSpace, SpaceBlock } from './parse-space';

/** One block of a space as it appears in derived architectures: unified, planned, keyed. */
export interface PlannedSpaceBlock {
  /** Module path (`backbone.stages.xif2_0`, `head`). */
  path: string;
  /** The block after `unify`: canonical op, parsed arguments, widths, stride. */
  block: ResolvedBlock;
  /** Its layers (names relative to `path`). */
  plan: LayerPlan;
  /** Input shape (NHWC without batch). */
  inShape: FeatureShape;
  /** Output shape (NHWC without batch). */
  outShape: FeatureShape;
  /** The op spec's canonical latency key at `inShape`, e.g. `ir-in:14x14x16-out:7x7x24-k:3-e:6-s:2-...`. */
  latencyKey: string;
}

/** Every block a space can put in a network, shaped like a latency table. */
export interface SpacePlan {
  /** The network input (NHWC without batch). */
  input: FeatureShape;
  /** Fixed block path → its block, in network order (the head last). */
  fixed: Record<string, PlannedSpaceBlock>;
  /** Layer id → candidate name → its block, layers in network order, candidates in the layer's order. */
  layers: Record<string, Record<string, PlannedSpaceBlock>>;
}

/**
 * Plans every fixed block and every (layer, candidate) pair of a space with core's `unify` and
 * `planUnifiedArch`, exactly as they appear in derived architectures: one probe architecture per candidate,
 * each layer taking that candidate when allowed (its first candidate otherwise). Also checks that every block
 * sees the input size `parseSpace` computed.
 *
 * @param ops - the op registry, e.g. `createBuiltinOpSpecRegistry()` from `@fbnas/ops/specs`.
 * @throws FormatError located in the space: `candidates.k3_e6 (layer c24_0): <core's message>` or
 *   `stages[0][0] (fixed block): <core's message>`.
 * @example
 * const plan = planSpace(loadSpace('fbnet-micro-28'), createBuiltinOpSpecRegistry());
 * plan.layers.c24_0!.k3_e6!.inShape; // { height: 14, width: 14, channels: 16 }
 */
export function planSpace(space: SearchSpace, ops: OpSpecRegistry): SpacePlan {
  const expectedSizes = new Map<string, SpaceBlock>([...space.fixed, ...space.layers].map((block) => [block.path, block]));
  const layerOf = new Map(space.layers.map((layer) => [layer.path, layer]));
  const result: SpacePlan = {
    input: { height: space.inputSize, width: space.inputSize, channels: space.inputChannels },
    fixed: {},
    layers: Object.fromEntries(space.layers.map((layer) => [layer.id, {}])),
  };
  space.candidates.forEach((candidate, probe) => {
    const sample: ArchitectureSample = {};
    for (const layer of space.layers) {
      sample[layer.id] = layer.candidates.includes(candidate.name) ? candidate.name : layer.candidates[0]!;
    }
    try {
      for (const { block, plan, inShape, outShape } of planUnifiedArch(unify(derive(space, sample), ops), ops)) {
        checkInputSize(block.path, inShape, expectedSizes.get(block.path)!);
        const planned = { path: block.path, block, plan, inShape, outShape, latencyKey: ops.get(block.op).latencyKey(block, inShape) };
        const layer = layerOf.get(block.path);
        if (layer === undefined) {
          if (probe === 0) result.fixed[block.path] = planned;
        } else if (sample[layer.id] === candidate.name) {
          result.layers[layer.id]![candidate.name] = planned;
        }
      }
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      const place = locateDerivedPath(space, sample, error.path);
      throw place === null ? error : new FormatError(place, error.message);
    }
  });
  for (const layer of space.layers) {
    const planned = result.layers[layer.id]!;
    result.layers[layer.id] = Object.fromEntries(layer.candidates.map((name) => [name, planned[name]!]));
  }
  return result;
}

function checkInputSize(path: string, inShape: FeatureShape, expected: SpaceBlock): void {
  const { height, width } = expected.inputSize;
  if (inShape.height !== height || inShape.width !== width) {
    throw new FormatError(
      path,
      `expected an input of ${height}x${width} pixels (a block of stride s maps H to ⌈H / s⌉), ` +
        `got ${inShape.height}x${inShape.width}: a block before it changes the size another way`,
    );
  }
}
