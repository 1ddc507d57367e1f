import { countPlan, planPrimitivesOf, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { planSpace, type PlannedSpaceBlock, type SearchSpace } from '@fbnas/search-space';
import { LATENCY_TABLE_FORMAT, type LatencyStat, type LatencyTable } from './latency-table';
import { hostMetadata } from './host-metadata';
import { spaceSha256 } from './space-hash';

/** Options of `macsTable`. */
export interface MacsTableOptions {
  /** Op specs (default: `@fbnas/ops`' built-in registry). */
  ops?: OpSpecRegistry;
}

/**
 * A stand-in for a latency table with unit `macs`: every entry is the block's multiply-accumulates per image
 * under the reference counting conventions (core's `countPlan`, the same numbers as `countArch`), so a search
 * can minimise MACs instead of time. Same format (`fbnas.lut/v1`): `batchSize` 1, `metadata.backend` `none`,
 * `warmup` and `repeats` 0, every statistic `{ median: macs, p90: macs, std: 0, count: 1, key }`.
 *
 * @throws FormatError when the space does not fit the op registry (see `planSpace`).
 * @example
 * const table = macsTable(loadSpace('fbnet-micro-28'));
 * predictLatency(table, sample) === countArch(derive(space, sample), ops).macs; // true
 */
export function macsTable(space: SearchSpace, options: MacsTableOptions = {}): LatencyTable {
  const ops = options.ops ?? createBuiltinOpSpecRegistry();
  const plan = planSpace(space, ops);
  const primitives = planPrimitivesOf(ops);
  const stat = (block: PlannedSpaceBlock): LatencyStat => {
    const macs = countPlan(block.plan, block.inShape, primitives).macs;
    return { median: macs, p90: macs, std: 0, count: 1, key: block.latencyKey };
  };
  return {
    format: LATENCY_TABLE_FORMAT,
    space: { name: space.name, sha256: spaceSha256(space) },
    unit: 'macs',
    batchSize: 1,
    metadata: hostMetadata({ warmup: 0, repeats: 0 }),
    fixed: Object.fromEntries(Object.entries(plan.fixed).map(([path, block]) => [path, stat(block)])),
    layers: Object.fromEntries(
      Object.entries(plan.layers).map(([id, row]) => [id, Object.fromEntries(Object.entries(row).map(([name, block]) => [name, stat(block)]))]),
    ),
  };
}
