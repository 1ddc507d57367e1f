import { formatFeatureShape, planOutputShape, type LayerPlan, type OpBlock, type SpatialSize } from '@fbnas/core';

/**
 * Builds a latency-table key: `${prefix}-in:HxWxC-out:HxWxC` followed by `fields` joined with `-`, the output
 * shape propagated through the block's plan.
 *
 * @param input - the block's input size (pixels).
 * @param fields - `name:value` parts in a fixed order, e.g. `['k:3', 'e:6', 's:2']`.
 * @example
 * latencyKey('ir', plan, block, { height: 112, width: 112 }, ['k:3', 'e:6', 's:2', 'se:none', 'act:relu']);
 * // 'ir-in:112x112x16-out:56x56x24-k:3-e:6-s:2-se:none-act:relu'
 */
export function latencyKey(
  prefix: string,
  plan: LayerPlan,
  block: OpBlock,
  input: SpatialSize,
  fields: readonly string[],
): string {
  const inShape = { height: input.height, width: input.width, channels: block.inChannels };
  const outShape = planOutputShape(plan, inShape);
  return [prefix, `in:${formatFeatureShape(inShape)}`, `out:${formatFeatureShape(outShape)}`, ...fields].join('-');
}
