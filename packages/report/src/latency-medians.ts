import { objectFields } from './json-fields';

/**
 * The medians of an `fbnas.lut/v1` latency table (the format is documented in `@fbnas/latency`), all the report
 * needs of it: the cost of every (searchable layer, candidate) pair and of every fixed block.
 */
export interface LatencyMedians {
  /** `us`: µs per forward pass of the table's batch; `macs`: MACs per image. */
  unit: 'us' | 'macs';
  /** Images per timed forward pass. */
  batchSize: number;
  /** Layer id → candidate name → median. */
  layers: Record<string, Record<string, number>>;
  /** Module path of a fixed block (`backbone.stages.xif0_0`, `head`) → median. */
  fixed: Record<string, number>;
}

/**
 * Reads the medians of a parsed `lut.json` (other statistics and the metadata are not checked here).
 *
 * @throws ReportInputError: `runs/a/lut.json: layers.c16_0.k3_e1.median: expected a finite number ≥ 0, got null`.
 */
export function parseLatencyMedians(value: unknown, file: string): LatencyMedians {
  const fields = objectFields(value, file);
  if (fields.value.format !== 'fbnas.lut/v1') throw fields.fail('format', `'fbnas.lut/v1'`, fields.value.format);
  const unit = fields.value.unit;
  if (unit !== 'us' && unit !== 'macs') throw fields.fail('unit', `'us' or 'macs'`, unit);
  const median = (entries: ReturnType<typeof fields.object>) =>
    Object.fromEntries(Object.keys(entries.value).map((name) => [name, entries.object(name).number('median', { min: 0 })]));
  const layers = fields.object('layers');
  return {
    unit,
    batchSize: fields.optionalNumber('batchSize', { min: 1 }) ?? 1,
    layers: Object.fromEntries(Object.keys(layers.value).map((layer) => [layer, median(layers.object(layer))])),
    fixed: median(fields.object('fixed')),
  };
}
