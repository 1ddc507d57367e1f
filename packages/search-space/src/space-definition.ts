/**
 * The `fbnas.space/v1` search-space format: FBNet's layer-wise space (methods §1.2) as pure JSON. The
 * macro-architecture (stages, widths, strides) is fixed; each searchable layer picks one block from a named
 * candidate set.
 *
 * ```json
 * {
 *   "format": "fbnas.space/v1",
 *   "name": "fbnet-micro-28",
 *   "description": "optional free text",
 *   "inputSize": 28,
 *   "inputChannels": 1,
 *   "numClasses": 10,
 *   "basicArgs": { "widthDivisor": 1 },
 *   "candidates": {
 *     "k3_e1": ["ir_k3", { "expansion": 1 }],
 *     "k3_e1_g2": ["ir_k3_g2", { "expansion": 1, "pwlGroups": 2 }],
 *     "skip": ["skip"]
 *   },
 *   "stages": [
 *     [{ "fixed": ["conv_k3", 16, 2, 1] }],
 *     [{ "search": "c24", "outChannels": 24, "stride": 2, "repeat": 2, "candidates": ["k3_e1", "skip"] }],
 *     [{ "fixed": ["conv_k1", 128, 1, 1] }]
 *   ],
 *   "head": { "op": "classifier" }
 * }
 * ```
 *
 * - `inputSize` (pixels, square input), `inputChannels`, `numClasses`: as in `fbnas.arch/v1`, all required.
 * - `candidates`: candidate name → `[op, {args}?]`, an op name of the op registry (aliases allowed) and its
 *   arguments (camelCase, as in `fbnas.arch/v1`). Names are `[A-Za-z0-9_]+`.
 * - `stages`: a list of stages, each a list of entries:
 *   - `{"fixed": [op, outChannels, stride, repeat, {args}...]}`: an `fbnas.arch/v1` block entry, copied as is
 *     into every derived architecture (`repeat` ≥ 1; only the first copy keeps the stride);
 *   - `{"search": group, "outChannels", "stride", "repeat", "candidates"?}`: `repeat` searchable layers with
 *     ids `${group}_0` … `${group}_${repeat - 1}`; only the first keeps `stride`, the others have stride 1.
 *     `candidates` lists candidate names (default: all, in the order of the top-level `candidates`).
 *     Group names are `[A-Za-z][A-Za-z0-9_]*`; layer ids must be unique.
 * - `basicArgs` and `head`: as in `fbnas.arch/v1` (given to every backbone block whose op accepts them; the
 *   head defaults to `{"op": "classifier"}`).
 * - Every block of a derived architecture sits where its entry sits: stage `s`, running index `i` within the
 *   stage, module path `backbone.stages.xif{s}_{i}`, so block paths do not depend on the sample.
 * - Unknown keys are errors; every error names its JSON path and the expected form.
 */
import type { BlockEntry, HeadDefinition, JsonObject } from '@fbnas/core';

/** The format tag of search-space documents. */
export const SPACE_FORMAT = 'fbnas.space/v1';

/** A candidate block: `[op, {args}?]`, e.g. `["ir_k5_g2", {"expansion": 1, "pwlGroups": 2}]`. */
export type CandidateDefinition = [op: string, args?: JsonObject];

/** A fixed block: an `fbnas.arch/v1` block entry `[op, outChannels, stride, repeat, {args}...]`. */
export interface FixedEntry {
  /** The block entry, copied into every derived architecture. */
  fixed: BlockEntry;
}

/** A group of `repeat` searchable layers with the same width. */
export interface SearchEntry {
  /** Group name; its layers are `${search}_0` … `${search}_${repeat - 1}`. */
  search: string;
  /** Output channels of every layer of the group. */
  outChannels: number;
  /** Stride of the first layer (pixels); the others have stride 1. */
  stride: number;
  /** Number of layers (≥ 1). */
  repeat: number;
  /** Candidate names allowed in these layers (default: all candidates). */
  candidates?: string[];
}

/** One stage entry: a fixed block or a searchable group. */
export type SpaceEntry = FixedEntry | SearchEntry;

/** An `fbnas.space/v1` document. */
export interface SpaceDefinition {
  /** Always `fbnas.space/v1`. */
  format: typeof SPACE_FORMAT;
  /** Space name, e.g. `fbnet-micro-28`. */
  name: string;
  /** Free text (provenance, design notes). */
  description?: string;
  /** Side of the square input (pixels). */
  inputSize: number;
  /** Input channels. */
  inputChannels: number;
  /** Classes of the head. */
  numClasses: number;
  /** Arguments given to every backbone block whose op accepts them. */
  basicArgs?: JsonObject;
  /** Candidate name → `[op, {args}?]`. */
  candidates: Record<string, CandidateDefinition>;
  /** Stages of fixed blocks and searchable groups. */
  stages: SpaceEntry[][];
  /** The head (default `{ op: 'classifier' }`). */
  head?: HeadDefinition;
}

/** True for a searchable group entry. */
export function isSearchEntry(entry: SpaceEntry): entry is SearchEntry {
  return 'search' in entry;
}
