/**
 * The op spec: everything fbnas knows about one block type without tfjs. An op is a name, its argument parser
 * (validation, defaults, unknown keys rejected), its layer plan and its latency-table key. Paper names such as
 * `ir_k5_sehsig_hs` are aliases declared on the canonical op (`ir`), each fixing a few arguments.
 */
import type { SpatialSize } from './feature-shape';
import type { JsonObject } from './json-value';
import type { LayerPlan } from './layer-plan';
import type { PlanPrimitive } from './plan-primitive';

/** A paper/zoo op name that expands to its canonical op with fixed arguments. */
export interface OpAlias {
  /** The name as written in architectures, e.g. `ir_k5_sehsig_hs` (snake_case: a registry key). */
  name: string;
  /**
   * Arguments the name fixes, in the canonical op's argument names, e.g.
   * `{ kernel: 5, se: 'hsigmoid', activation: 'hswish' }`. They override `basicArgs`; a block argument that
   * contradicts one of them is an error.
   */
  args: JsonObject;
}

/** Where the arguments being parsed come from, for error messages. */
export interface ArgsContext {
  /** JSON path of the arguments' owner, e.g. `stages[2][0]` or `head`. */
  path: string;
  /**
   * JSON path of one key (where its value was written: the block's own dict, `basicArgs` or the op alias).
   * Default: `${path}.${key}`.
   */
  keyPath?(key: string): string;
}

/** One block as an op sees it: its widths (channels), stride and parsed arguments. */
export interface OpBlock<Args extends object = object> {
  /** Input channels. */
  inChannels: number;
  /** Output channels (verbatim from the definition). */
  outChannels: number;
  /** Spatial stride (pixels). */
  stride: number;
  /** Arguments as returned by the op's `parseArgs`. */
  args: Args;
}

/** A block type. Specs are plain objects; collect them in a registry with `createOpSpecRegistry`. */
export interface OpSpec<Args extends object = object> {
  /** Canonical name, e.g. `ir` (snake_case: a registry key). */
  readonly name: string;
  /** One line for humans. */
  readonly description: string;
  /**
   * The argument keys `parseArgs` accepts. `basicArgs` keys outside this list are not passed to the op
   * (a `skip` block ignores a global `widthDivisor`), while a block's own unknown keys are errors.
   */
  readonly argNames: readonly string[];
  /** Paper/zoo names expanding to this op. */
  readonly aliases: readonly OpAlias[];
  /**
   * Validates raw JSON arguments and applies defaults; the result must survive a JSON round trip.
   *
   * @throws FormatError naming the key's path for an unknown key or an invalid value.
   */
  parseArgs(raw: Record<string, unknown>, context: ArgsContext): Args;
  /** The block's layers (pure). Layer names follow the reference checkpoint keys (spec §9.7). */
  plan(block: OpBlock<Args>): LayerPlan;
  /**
   * A canonical string identifying the block's latency at one input size, e.g.
   * `ir-in:112x112x16-out:56x56x24-k:3-e:6-s:2-se:none-act:relu`.
   *
   * @param input - the block's input size (pixels).
   */
  latencyKey(block: OpBlock<Args>, input: SpatialSize): string;
  /**
   * Plan primitives this op's plans use beyond the built-in kinds (e.g. a contributed `shift` layer). Registering
   * the op registers them: `planPrimitivesOf(ops)` collects them from every spec. Omitted: built-in kinds only.
   */
  readonly primitives?: readonly PlanPrimitive[];
}
