import { childPath, describeValue, FormatError, expectedError, isPlainObject } from '@fbnas/core';
import type { ArchitectureSample } from '@fbnas/search-space';
import type { LatencyTable } from './latency-table';

/**
 * The table's estimate for one architecture (FBNet Eq. 3): the sum of the fixed blocks' and the chosen
 * candidates' medians, in the table's unit (µs per batch, or MACs per image).
 *
 * @throws FormatError naming the sample key for a missing or unknown layer, or a candidate the table lacks.
 * @example
 * predictLatency(table, { c16_0: 'k3_e1', c24_0: 'skip', ... }); // 812.5 (µs)
 */
export function predictLatency(table: LatencyTable, sample: ArchitectureSample): number {
  if (!isPlainObject(sample)) throw expectedError('(root)', 'a sample {"layerId": "candidateName", ...}', sample);
  for (const id of Object.keys(sample)) {
    if (table.layers[id] === undefined) throw new FormatError(childPath('', id), `unknown layer; the table's layers are ${Object.keys(table.layers).join(', ')}`);
  }
  let total = fixedLatency(table);
  for (const [id, row] of Object.entries(table.layers)) {
    const choice = sample[id];
    if (choice === undefined) throw new FormatError(childPath('', id), 'missing layer');
    const stat = typeof choice === 'string' ? row[choice] : undefined;
    if (stat === undefined) {
      throw new FormatError(childPath('', id), `expected one of the table's candidates ${Object.keys(row).join(', ')}, got ${describeValue(choice)}`);
    }
    total += stat.median;
  }
  return total;
}

/**
 * The sum of the fixed blocks' medians (stem, last conv, head), in the table's unit.
 *
 * @example
 * fixedLatency(table); // 160.2 (µs)
 */
export function fixedLatency(table: LatencyTable): number {
  return Object.values(table.fixed).reduce((total, stat) => total + stat.median, 0);
}
