/**
 * The `fbnas.mask-space/v1` search-space format: FBNetV2's DMaskingNAS space (fbnet-methods §2.2–2.5) as pure
 * JSON. Like `fbnas.space/v1`, stages hold fixed blocks and searchable layers; a searchable layer here chooses
 * its **op** among candidates and, searched by masks over one widest block, its **output channels** and its
 * **expansion** (the hidden width of inverted-residual candidates). The network also chooses its **input
 * resolution** among `resolutions`.
 *
 * ```json
 * {
 *   "format": "fbnas.mask-space/v1",
 *   "name": "fbnetv2-micro-28",
 *   "inputSize": 28, "inputChannels": 1, "numClasses": 10,
 *   "resolutions": [28, 21, 14],
 *   "basicArgs": { "widthDivisor": 1, "alwaysPw": true },
 *   "candidates": { "k3": ["ir_k3"], "k5": ["ir_k5"], "skip": ["skip"] },
 *   "stages": [
 *     [{ "search": "stem", "channels": [8, 12, 16], "stride": 1, "candidates": ["conv3"] }],
 *     [{ "search": "s1", "channels": { "min": 8, "max": 24, "step": 4 }, "expansion": [1, 2, 3, 4, 6],
 *        "stride": 2, "repeat": 2, "candidates": ["k3", "k5", "skip"] }],
 *     [{ "fixed": ["conv_k1", 96, 1, 1] }]
 *   ],
 *   "head": { "op": "classifier" }
 * }
 * ```
 *
 * - `inputSize` (pixels, the data's side), `inputChannels`, `numClasses`, `basicArgs`, `head`: as in
 *   `fbnas.arch/v1`.
 * - `resolutions`: candidate input sides (pixels), each an integer in [1, inputSize]; default `[inputSize]`. The
 *   search picks one for the whole network; the derived architecture's `inputSize` is that side and its input is
 *   the nearest-neighbour subsample of the data (pixel i ← pixel `floor(i·inputSize/r)`).
 * - `candidates`: name → `[op, {args}?]` (names `[A-Za-z0-9_]+`), op and args as in `fbnas.arch/v1`.
 * - A `{"search": group, ...}` entry is `repeat` (default 1) searchable layers `${group}_0 … ${group}_{repeat−1}`;
 *   only the first keeps `stride`. Fields:
 *   - `channels`: the output-width options (channels), an explicit list or an inclusive `{min, max, step}`
 *     range; every layer of the group chooses its own width among them;
 *   - `expansion`: the expansion options (positive numbers), given as the `expansion` argument to every
 *     candidate except `skip` (hidden width `makeDivisible(in · e, widthDivisor)`); omit it for candidates
 *     that take no expansion (plain convolutions) or to keep the candidates' own;
 *   - `candidates`: candidate names allowed in these layers (default: all).
 * - A `{"fixed": [op, outChannels, stride, repeat, {args}...]}` entry is copied into every derived architecture.
 * - Every block of a derived architecture sits where its entry sits (stage `s`, running index `i`), so block
 *   paths `backbone.stages.xif{s}_{i}` do not depend on the sample.
 * - Unknown keys are errors; every error names its JSON path and the expected form.
 */
import type { BlockEntry, HeadDefinition, JsonObject } from '@fbnas/core';
import type { CandidateDefinition, FixedEntry } from './space-definition';

/** The format tag of DMaskingNAS search-space documents. */
export const MASK_SPACE_FORMAT = 'fbnas.mask-space/v1';

/** Channel options as written: a list of channel counts or an inclusive `{min, max, step}` range (channels). */
export type ChannelOptionsDefinition = number[] | { min: number; max: number; step: number };

/** A group of `repeat` searchable layers sharing their option lists (each layer chooses on its own). */
export interface MaskSearchEntry {
  /** Group name; its layers are `${search}_0` … `${search}_${repeat - 1}`. */
  search: string;
  /** Output-width options (channels). */
  channels: ChannelOptionsDefinition;
  /** Expansion options (ratios of hidden to input width), given to every candidate except `skip`. */
  expansion?: number[];
  /** Stride of the first layer (pixels); the others have stride 1. */
  stride: number;
  /** Number of layers (default 1). */
  repeat?: number;
  /** Candidate names allowed in these layers (default: all candidates). */
  candidates?: string[];
}

/** One stage entry of a mask space: a fixed block or a searchable group. */
export type MaskSpaceEntry = FixedEntry | MaskSearchEntry;

/** An `fbnas.mask-space/v1` document. */
export interface MaskSpaceDefinition {
  /** Always `fbnas.mask-space/v1`. */
  format: typeof MASK_SPACE_FORMAT;
  /** Space name, e.g. `fbnetv2-micro-28`. */
  name: string;
  /** Free text (provenance, design notes). */
  description?: string;
  /** Side of the square data input (pixels). */
  inputSize: number;
  /** Input channels. */
  inputChannels: number;
  /** Classes of the head. */
  numClasses: number;
  /** Candidate input sides (pixels), default `[inputSize]`. */
  resolutions?: number[];
  /** Arguments given to every backbone block whose op accepts them. */
  basicArgs?: JsonObject;
  /** Candidate name → `[op, {args}?]`. */
  candidates: Record<string, CandidateDefinition>;
  /** Stages of fixed blocks and searchable groups. */
  stages: MaskSpaceEntry[][];
  /** The head (default `{ op: 'classifier' }`). */
  head?: HeadDefinition;
}

/** True for a searchable group entry of a mask space. */
export function isMaskSearchEntry(entry: MaskSpaceEntry): entry is MaskSearchEntry {
  return 'search' in entry;
}

/** A fixed entry's block, typed. */
export type { BlockEntry };
