/**
 * The `fbnas.lut/v1` latency lookup-table format (FBNet, methods §1.4): the cost of every fixed block and of
 * every (searchable layer, candidate) pair of one search space, measured at the layer's real input shape.
 *
 * ```json
 * {
 *   "format": "fbnas.lut/v1",
 *   "space": { "name": "fbnet-micro-28", "sha256": "3f1c…(64 hex digits)" },
 *   "unit": "us",
 *   "batchSize": 1,
 *   "metadata": {
 *     "backend": "wasm", "tfjsVersion": "4.22.0", "cpu": "AMD EPYC 7B13", "cores": 2, "threads": 1,
 *     "node": "v20.20.2", "date": "2026-01-01T00:00:00.000Z", "warmup": 10, "repeats": 50,
 *     "predictOverhead": "subtracted"
 *   },
 *   "fixed": {
 *     "backbone.stages.xif0_0": { "median": 61.2, "p90": 70.4, "std": 5.1, "count": 50, "key": "conv-in:28x28x1-…" }
 *   },
 *   "layers": {
 *     "c16_0": { "k3_e1": { "median": 80.3, "p90": 90.1, "std": 6.2, "count": 50, "key": "ir-in:14x14x16-…" } }
 *   }
 * }
 * ```
 *
 * - `space`: the space's name and the SHA-256 of its canonical JSON (`spaceSha256`): a table is only used with
 *   the exact space it was measured for.
 * - `unit`: `us` (microseconds per forward pass of the whole batch) or `macs` (multiply-accumulates per image,
 *   the `macsTable` stand-in).
 * - `metadata`: where and how it was measured. `threads` is the backend's thread count (1 for wasm in Node,
 *   1 for cpu, the core count for tensorflow); `gpu` describes the GPU when one was used. `warmup` and
 *   `repeats` are the untimed and timed runs per entry (0 for computed tables). `predictOverhead` says whether
 *   the cost of one `predict` call plus the readback of the block's output, which a whole network pays once, was
 *   `subtracted` from every block but the head (so that entries add up to a network) or left `included`.
 * - `fixed`: module path of each fixed block (stem, last conv, `head`) → its statistic.
 * - `layers`: layer id → candidate name → statistic.
 * - A statistic: `median`, `p90` (linear interpolation) and `std` (sample standard deviation) of the timed runs
 *   in `unit`, `count` timed runs (0 for a block with no layers, such as an identity `skip`, which costs 0), and
 *   `key`, the op spec's canonical latency key (identical keys share one measurement).
 * - Unknown keys are errors; every error names its JSON path and the expected form.
 */

/** The format tag of latency tables. */
export const LATENCY_TABLE_FORMAT = 'fbnas.lut/v1';

/** The units a table can be in: microseconds per batch, or MACs per image. */
export type LatencyUnit = 'us' | 'macs';

/** The units, in order. */
export const LATENCY_UNITS: readonly LatencyUnit[] = ['us', 'macs'];

/** Statistics of one table entry, in the table's unit. */
export interface LatencyStat {
  /** Median of the timed runs. */
  median: number;
  /** 90th percentile of the timed runs (linear interpolation). */
  p90: number;
  /** Sample standard deviation of the timed runs. */
  std: number;
  /** Number of timed runs (0 for an empty block). */
  count: number;
  /** The op spec's canonical latency key, e.g. `ir-in:14x14x16-out:7x7x24-k:3-e:6-s:2-se:none-act:relu-d:1`. */
  key: string;
}

/** Where and how a table was measured. */
export interface LatencyMetadata {
  /** tfjs backend name (`wasm`, `cpu`, `tensorflow`), or `none` for computed tables. */
  backend: string;
  /** tfjs-core version. */
  tfjsVersion: string;
  /** CPU model (`os.cpus()[0].model`). */
  cpu: string;
  /** Logical CPU cores. */
  cores: number;
  /** Threads the backend computes with. */
  threads: number;
  /** The GPU, when one was used. */
  gpu?: string;
  /** Node.js version (`process.version`). */
  node: string;
  /** When the table was made (ISO 8601). */
  date: string;
  /** Untimed runs per entry. */
  warmup: number;
  /** Timed runs per entry. */
  repeats: number;
  /**
   * Whether block entries include the cost of one `predict` call and the readback of their output
   * (`included`), or have it subtracted (`subtracted`, every block but the head). Absent in computed tables.
   */
  predictOverhead?: 'included' | 'subtracted';
}

/** An `fbnas.lut/v1` document. */
export interface LatencyTable {
  /** Always `fbnas.lut/v1`. */
  format: typeof LATENCY_TABLE_FORMAT;
  /** The space it belongs to. */
  space: { name: string; sha256: string };
  /** Unit of every statistic. */
  unit: LatencyUnit;
  /** Images per forward pass. */
  batchSize: number;
  /** Where and how it was measured. */
  metadata: LatencyMetadata;
  /** Fixed block path → statistic. */
  fixed: Record<string, LatencyStat>;
  /** Layer id → candidate name → statistic. */
  layers: Record<string, Record<string, LatencyStat>>;
}
