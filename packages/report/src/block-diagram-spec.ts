import type { TopLevelSpec } from 'vega-lite';
import type { ArchitectureBlock } from './architecture-blocks';
import { FIGURE_CONFIG } from './figure';

/** A cost the block diagram can draw: latency from the LUT, MACs, or (when neither is known) output channels. */
export type BlockCost = 'latencyUs' | 'macs' | 'channels';

const COST_AXES: Record<BlockCost, { title: (latencyBatch: number) => string; format: string }> = {
  latencyUs: { title: (batch) => `latency (µs per forward pass${batch === 1 ? '' : ` of ${batch} images`}, LUT median)`, format: ',.0f' },
  macs: { title: () => 'MACs per image', format: '.3~s' },
  channels: { title: () => 'output channels', format: 'd' },
};

/** Which costs `blockDiagramSpec` draws for these blocks: latency and MACs where every block has them. */
export function blockCosts(blocks: readonly ArchitectureBlock[]): BlockCost[] {
  const costs: BlockCost[] = [];
  if (blocks.some((b) => b.latencyUs !== undefined)) costs.push('latencyUs');
  if (blocks.every((b) => b.macs !== undefined)) costs.push('macs');
  return costs.length ? costs : ['channels'];
}

/**
 * The architecture as a block diagram: one row per block from input (top) to head (bottom), labelled with the layer
 * and the chosen candidate, and a bar per cost (latency, MACs) with its value, coloured by whether the block was
 * searched or fixed. A block without a value for one cost (a layer the table lacks) has no bar there.
 *
 * @param latencyBatch - images per timed forward pass of the latency table (1 usually).
 * @example
 * blockDiagramSpec(architectureBlocks(arch, { ops, latency, sample }));
 */
export function blockDiagramSpec(blocks: readonly ArchitectureBlock[], latencyBatch = 1): TopLevelSpec {
  const costs = blockCosts(blocks);
  const searched = blocks.some((block) => block.layerId !== undefined);
  const kind = (block: ArchitectureBlock) => (block.name === 'head' ? 'head' : block.layerId !== undefined ? 'searched layer' : searched ? 'fixed block' : 'block');
  const rows = blocks.map((block) => ({
    order: block.index,
    row: `${block.layerId ?? block.name} · ${block.label}`,
    kind: kind(block),
    latencyUs: block.latencyUs ?? null,
    macs: block.macs ?? null,
    channels: Number(/(\d+) ch/.exec(block.label)?.[1] ?? 0),
  }));
  const panel = (cost: BlockCost, index: number) => {
    const axis = COST_AXES[cost];
    const value = { field: cost, type: 'quantitative' as const, title: axis.title(latencyBatch), axis: { format: cost === 'macs' ? '~s' : axis.format }, scale: { zero: true } };
    return {
      width: 300,
      height: { step: 24 },
      transform: [{ filter: `datum.${cost} != null` }],
      encoding: { y: { field: 'row', type: 'nominal' as const, title: null, sort: { field: 'order', op: 'min' }, axis: index === 0 ? { labelLimit: 360 } : null } },
      layer: [
        {
          mark: { type: 'bar' as const, cornerRadiusEnd: 2 },
          encoding: {
            x: value,
            color: { field: 'kind', type: 'nominal' as const, title: 'block', scale: { domain: searched ? ['searched layer', 'fixed block', 'head'] : ['block', 'head'], range: searched ? ['#4c78a8', '#9d9d9d', '#72b7b2'] : ['#4c78a8', '#72b7b2'] } },
            tooltip: [{ field: 'row', title: 'block' }, { field: cost, title: axis.title(latencyBatch), format: axis.format }],
          },
        },
        {
          mark: { type: 'text' as const, align: 'left' as const, dx: 3, fontSize: 11, color: '#222' },
          encoding: { x: value, text: { field: cost, format: axis.format } },
        },
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: rows },
    hconcat: costs.map(panel),
    resolve: { scale: { y: 'shared' } },
    config: FIGURE_CONFIG,
  } as TopLevelSpec;
}
