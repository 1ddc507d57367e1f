import { childPath, expectedError, FormatError } from '@fbnas/core';
import { MASK_SPACE_FORMAT, type MaskSpaceDefinition } from './mask-space-definition';
import { SPACE_FORMAT, type SpaceDefinition } from './space-definition';
import {
  checkArchParts, checkCandidateList, checkCandidates, checkChannels, checkExpansion, checkPositiveInteger, checkResolutions,
  checkSpaceHeader, checkStageList,
} from './validate-space-parts';

/** A search-space document of either format: `fbnas.space/v1` (DNAS) or `fbnas.mask-space/v1` (DMaskingNAS). */
export type SpaceDocument = SpaceDefinition | MaskSpaceDefinition;

/** The format tags of search-space documents. */
export type SpaceFormat = typeof SPACE_FORMAT | typeof MASK_SPACE_FORMAT;

const COMMON_KEYS = ['format', 'name', 'description', 'inputSize', 'inputChannels', 'numClasses', 'basicArgs', 'candidates', 'stages', 'head'];
const GROUP_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * What tells the two formats apart: `fbnas.space/v1` gives a group one output width (`outChannels`) and a required
 * `repeat`; `fbnas.mask-space/v1` gives width options (`channels`), optional `expansion` options, a default
 * `repeat` of 1 and the network's `resolutions`. Everything else is one format family.
 */
const RULES = {
  [SPACE_FORMAT]: {
    keys: COMMON_KEYS,
    searchKeys: ['search', 'outChannels', 'stride', 'repeat', 'candidates'],
    searchForm: '{"search": group, ...}',
    checkWidths(entry: Record<string, unknown>, path: string): void {
      checkPositiveInteger(entry.outChannels, `${path}.outChannels`, 'a positive integer channel count');
    },
    defaultRepeat: undefined,
  },
  [MASK_SPACE_FORMAT]: {
    keys: [...COMMON_KEYS, 'resolutions'],
    searchKeys: ['search', 'channels', 'expansion', 'stride', 'repeat', 'candidates'],
    searchForm: '{"search": group, "channels": ..., ...}',
    checkWidths(entry: Record<string, unknown>, path: string): void {
      checkChannels(entry.channels, `${path}.channels`);
      if (entry.expansion !== undefined) checkExpansion(entry.expansion, `${path}.expansion`);
    },
    defaultRepeat: 1,
  },
} as const;

/**
 * Checks that `value` is a valid search-space document of one of `formats` (default: both; see
 * `space-definition.ts` and `mask-space-definition.ts`) and returns it typed: keys and types, width, expansion and
 * resolution options, candidate references, unique layer ids, at least one searchable layer. Op names and
 * arguments are checked against an op registry by `validateSpaceOps` / when the space is planned.
 *
 * @throws FormatError naming the JSON path and the expected form, e.g.
 *   `stages[2][0].candidates[1]: expected one of the candidates k3_e1, skip, got "k7_e9"`.
 * @example
 * const definition = validateSpaceDocument(JSON.parse(text));
 * definition.format; // 'fbnas.space/v1' or 'fbnas.mask-space/v1'
 */
export function validateSpaceDocument(value: unknown, formats: readonly SpaceFormat[] = [SPACE_FORMAT, MASK_SPACE_FORMAT]): SpaceDocument {
  checkSpaceHeader(value, formats, (format) => RULES[format].keys);
  const rules = RULES[value.format];
  if (value.resolutions !== undefined) checkResolutions(value.resolutions, value.inputSize as number);
  const candidateNames = checkCandidates(value.candidates);
  const entryForm = `a stage entry {"fixed": [op, outChannels, stride, repeat, {args}...]} or ${rules.searchForm}`;
  checkStageList(value.stages, entryForm, (entry, path, registerLayers) => {
    for (const key of Object.keys(entry)) {
      if (!(rules.searchKeys as readonly string[]).includes(key)) throw new FormatError(childPath(path, key), `unknown key; expected one of ${rules.searchKeys.join(', ')}`);
    }
    const { search, stride, repeat = rules.defaultRepeat, candidates } = entry;
    if (typeof search !== 'string' || !GROUP_NAME.test(search)) {
      throw expectedError(`${path}.search`, 'a group name ([A-Za-z][A-Za-z0-9_]*)', search);
    }
    rules.checkWidths(entry, path);
    checkPositiveInteger(stride, `${path}.stride`, 'a positive integer stride');
    checkPositiveInteger(repeat, `${path}.repeat`, 'a positive integer repeat count');
    if (candidates !== undefined) checkCandidateList(candidates, `${path}.candidates`, candidateNames);
    registerLayers(search, repeat as number);
  });
  checkArchParts(value);
  return value as unknown as SpaceDocument;
}

/**
 * `validateSpaceDocument` for `fbnas.space/v1` documents only.
 *
 * @example
 * const definition = validateSpace(JSON.parse(text));
 */
export function validateSpace(value: unknown): SpaceDefinition {
  return validateSpaceDocument(value, [SPACE_FORMAT]) as SpaceDefinition;
}

/**
 * `validateSpaceDocument` for `fbnas.mask-space/v1` documents only.
 *
 * @example
 * const definition = validateMaskSpace(JSON.parse(text));
 */
export function validateMaskSpace(value: unknown): MaskSpaceDefinition {
  return validateSpaceDocument(value, [MASK_SPACE_FORMAT]) as MaskSpaceDefinition;
}
