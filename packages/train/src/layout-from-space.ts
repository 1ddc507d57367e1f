import { planPrimitivesOf, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { planSpace, type SearchSpace } from '@fbnas/search-space';
import type { FixedItem, SearchItem, SupernetLayout } from './supernet';

/**
 * The supernet of a search space: its fixed blocks and, for every searchable layer, every candidate planned by
 * `@fbnas/search-space`'s `planSpace` — the very blocks a derived architecture contains, so a candidate's
 * weights, names and latency-table key are those of the retrained network's block. `ops` (default: the built-in
 * op specs) resolves the space's op names; its plan primitives (`planPrimitivesOf(ops)`) build the candidates.
 */
export function layoutFromSpace(space: SearchSpace, ops: OpSpecRegistry = createBuiltinOpSpecRegistry()): SupernetLayout {
  const plan = planSpace(space, ops);
  const blocks = [
    ...space.fixed.map((block) => ({ block, kind: 'fixed' as const })),
    ...space.layers.map((block) => ({ block, kind: 'search' as const })),
  ].sort((a, b) => order(a.block) - order(b.block));
  const items = blocks.map(({ block, kind }): FixedItem | SearchItem => {
    if (kind === 'fixed') {
      const planned = plan.fixed[block.path]!;
      return { kind: 'fixed', path: block.path, plan: planned.plan, inShape: planned.inShape };
    }
    const layer = space.layers.find((l) => l.path === block.path)!;
    const candidates = plan.layers[layer.id]!;
    const first = Object.values(candidates)[0]!;
    return {
      kind: 'search',
      id: layer.id,
      inShape: first.inShape,
      candidates: Object.entries(candidates).map(([name, planned]) => ({ name, plan: planned.plan })),
    };
  });
  return { name: space.name, items, primitives: planPrimitivesOf(ops) };
}

function order(block: { stage: number | null; index: number | null }): number {
  return block.stage === null ? Number.MAX_SAFE_INTEGER : block.stage * 10_000 + (block.index ?? 0);
}
