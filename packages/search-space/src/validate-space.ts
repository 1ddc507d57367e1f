import { childPath, expectedError, FormatError } from '@fbnas/core';
import { SPACE_FORMAT, type SpaceDefinition } from './space-definition';
import {
  checkArchParts, checkCandidateList, checkCandidates, checkPositiveInteger, checkSpaceHeader, checkStageList,
} from './validate-space-parts';

const TOP_LEVEL_KEYS = ['format', 'name', 'description', 'inputSize', 'inputChannels', 'numClasses', 'basicArgs', 'candidates', 'stages', 'head'];
const SEARCH_KEYS = ['search', 'outChannels', 'stride', 'repeat', 'candidates'];
const GROUP_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ENTRY_FORM = 'a stage entry {"fixed": [op, outChannels, stride, repeat, {args}...]} or {"search": group, ...}';

/**
 * Checks that `value` is a valid `fbnas.space/v1` document (see `space-definition.ts`) and returns it typed:
 * keys and types, candidate references, unique layer ids, at least one searchable layer. Op names and
 * arguments are checked against an op registry by `validateSpaceOps`.
 *
 * @throws FormatError naming the JSON path and the expected form, e.g.
 *   `stages[2][0].candidates[1]: expected one of the candidates k3_e1, skip, got "k7_e9"`.
 * @example
 * const definition = validateSpace(JSON.parse(text));
 */
export function validateSpace(value: unknown): SpaceDefinition {
  checkSpaceHeader(value, SPACE_FORMAT, TOP_LEVEL_KEYS);
  const candidateNames = checkCandidates(value.candidates);
  checkStageList(value.stages, ENTRY_FORM, (entry, path, registerLayers) => {
    for (const key of Object.keys(entry)) {
      if (!SEARCH_KEYS.includes(key)) throw new FormatError(childPath(path, key), `unknown key; expected one of ${SEARCH_KEYS.join(', ')}`);
    }
    const { search, outChannels, stride, repeat, candidates } = entry;
    if (typeof search !== 'string' || !GROUP_NAME.test(search)) {
      throw expectedError(`${path}.search`, 'a group name ([A-Za-z][A-Za-z0-9_]*)', search);
    }
    checkPositiveInteger(outChannels, `${path}.outChannels`, 'a positive integer channel count');
    checkPositiveInteger(stride, `${path}.stride`, 'a positive integer stride');
    checkPositiveInteger(repeat, `${path}.repeat`, 'a positive integer repeat count');
    if (candidates !== undefined) checkCandidateList(candidates, `${path}.candidates`, candidateNames);
    registerLayers(search, repeat as number);
  });
  checkArchParts(value);
  return value as unknown as SpaceDefinition;
}
