import { childPath, FormatError } from '@fbnas/core';
import type { SearchSpace } from '@fbnas/search-space';
import type { LatencyTable } from './latency-table';
import { spaceSha256 } from './space-hash';

/**
 * Checks that a table belongs to `space`: same name and definition hash, an entry for every fixed block and
 * every allowed (layer, candidate) pair, and nothing else.
 *
 * @throws FormatError naming the table path: `space.sha256: …`, `layers.c24_0.k5_e6: missing entry …`,
 *   `fixed.head: missing entry …`, `layers.c99_0: not a layer of space 'fbnet-micro-28'`.
 * @example
 * assertTableMatchesSpace(await loadLatencyTable(file), loadSpace('fbnet-micro-28'));
 */
export function assertTableMatchesSpace(table: LatencyTable, space: SearchSpace): void {
  if (table.space.name !== space.name) {
    throw new FormatError('space.name', `expected the table of space '${space.name}', got one of '${table.space.name}'`);
  }
  const sha256 = spaceSha256(space);
  if (table.space.sha256 !== sha256) {
    throw new FormatError(
      'space.sha256',
      `the table was measured for another version of space '${space.name}' (${table.space.sha256.slice(0, 12)}…, ` +
        `this one is ${sha256.slice(0, 12)}…); rebuild it`,
    );
  }
  const fixedPaths = space.fixed.map((block) => block.path);
  for (const path of fixedPaths) {
    if (table.fixed[path] === undefined) throw new FormatError(childPath('fixed', path), 'missing entry for this fixed block');
  }
  for (const path of Object.keys(table.fixed)) {
    if (!fixedPaths.includes(path)) throw new FormatError(childPath('fixed', path), `not a fixed block of space '${space.name}'`);
  }
  for (const layer of space.layers) {
    const rowPath = childPath('layers', layer.id);
    const row = table.layers[layer.id];
    if (row === undefined) throw new FormatError(rowPath, 'missing entry for this layer');
    for (const candidate of layer.candidates) {
      if (row[candidate] === undefined) throw new FormatError(childPath(rowPath, candidate), 'missing entry for this candidate');
    }
    for (const candidate of Object.keys(row)) {
      if (!layer.candidates.includes(candidate)) {
        throw new FormatError(childPath(rowPath, candidate), `not a candidate of layer '${layer.id}' (${layer.candidates.join(', ')})`);
      }
    }
  }
  const ids = space.layers.map((layer) => layer.id);
  for (const id of Object.keys(table.layers)) {
    if (!ids.includes(id)) throw new FormatError(childPath('layers', id), `not a layer of space '${space.name}'`);
  }
}
