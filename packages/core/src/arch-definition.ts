/**
 * The `fbnas.arch/v1` architecture format: pure JSON, mobile-vision's stage lists.
 *
 * ```json
 * {
 *   "format": "fbnas.arch/v1",
 *   "name": "fbnet_a",
 *   "description": "optional free text",
 *   "inputSize": 224,
 *   "inputChannels": 3,
 *   "numClasses": 1000,
 *   "basicArgs": { "widthDivisor": 1, "bias": true },
 *   "stages": [
 *     [["conv_k3", 16, 2, 1]],
 *     [["ir_k3", 24, 2, 1, { "expansion": 3 }], ["skip", 24, 1, 1]]
 *   ],
 *   "head": { "op": "classifier" }
 * }
 * ```
 *
 * - `inputSize`: side of the square input (pixels). `inputChannels` defaults to 3, `numClasses` to 1000.
 * - `stages`: a list of stages, each a list of block entries `[op, outChannels, stride, repeat, {args}...]`.
 *   `op` is a canonical op name or an alias (`ir_k5_sehsig_hs`). `repeat` copies the entry; only the first
 *   copy keeps `stride`, the others get 1; `repeat` 0 removes the entry. The argument objects are merged left
 *   to right (later keys win).
 * - `basicArgs`: arguments given to every backbone block whose op accepts them (keys an op does not take are
 *   not passed to it); a block's own arguments and its alias's fixed arguments override them. Not given to
 *   the head.
 * - `head`: the op after the backbone, `{ "op": "classifier" }` by default, with optional `args`.
 * - Blocks are named `xif{stage}_{index}` (index restarts in every stage) and chained: a block's input width is
 *   the previous block's output width, the first block sees `inputChannels`.
 * - Unknown top-level keys are errors. Argument names are the op's (camelCase: `widthDivisor`, `pwlGroups`).
 */
import type { JsonObject } from './json-value';

/** The format tag of architecture documents. */
export const ARCH_FORMAT = 'fbnas.arch/v1';

/** One block entry: `[op, outChannels, stride, repeat, ...argument objects]`. */
export type BlockEntry = [op: string, outChannels: number, stride: number, repeat: number, ...args: JsonObject[]];

/** The op after the backbone. */
export interface HeadDefinition {
  /** Op name, e.g. `classifier`. */
  op: string;
  /** Arguments of the head op. */
  args?: JsonObject;
}

/** An `fbnas.arch/v1` document. */
export interface ArchDefinition {
  /** Always `fbnas.arch/v1`. */
  format: typeof ARCH_FORMAT;
  /** Model name, e.g. `fbnet_a`. */
  name: string;
  /** Free text (provenance, notes). */
  description?: string;
  /** Side of the square input (pixels). */
  inputSize: number;
  /** Input channels (default 3). */
  inputChannels?: number;
  /** Classes of the head (default 1000). */
  numClasses?: number;
  /** Arguments given to every backbone block that accepts them. */
  basicArgs?: JsonObject;
  /** Stages of block entries. */
  stages: BlockEntry[][];
  /** The head (default `{ op: 'classifier' }`). */
  head?: HeadDefinition;
}

/** Default input channels (RGB). */
export const DEFAULT_INPUT_CHANNELS = 3;
/** Default number of classes (ImageNet-1k). */
export const DEFAULT_NUM_CLASSES = 1000;
/** The default head. */
export const DEFAULT_HEAD: Readonly<HeadDefinition> = Object.freeze({ op: 'classifier' });
