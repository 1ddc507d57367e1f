import { channelOptions, childPath, expectedError, FormatError, isPlainObject } from '@fbnas/core';
import { MASK_SPACE_FORMAT, type MaskSpaceDefinition } from './mask-space-definition';
import {
  checkArchParts, checkCandidateList, checkCandidates, checkPositiveInteger, checkSpaceHeader, checkStageList,
} from './validate-space-parts';

const TOP_LEVEL_KEYS = [
  'format', 'name', 'description', 'inputSize', 'inputChannels', 'numClasses', 'resolutions', 'basicArgs',
  'candidates', 'stages', 'head',
];
const SEARCH_KEYS = ['search', 'channels', 'expansion', 'stride', 'repeat', 'candidates'];
const GROUP_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ENTRY_FORM = 'a stage entry {"fixed": [op, outChannels, stride, repeat, {args}...]} or {"search": group, "channels": ..., ...}';

/**
 * Checks that `value` is a valid `fbnas.mask-space/v1` document (see `mask-space-definition.ts`) and returns it
 * typed: keys and types, channel options (a non-empty list of distinct positive integers, or a valid
 * `{min, max, step}` range), expansion options (distinct positive numbers), resolutions (distinct integers in
 * [1, inputSize]), candidate references and unique layer ids. Op names and arguments are checked when the
 * derived architectures are built or counted against an op registry.
 *
 * @throws FormatError naming the JSON path and the expected form, e.g.
 *   `stages[1][0].channels: expected positive integer channel counts, got 0`.
 * @example
 * const definition = validateMaskSpace(JSON.parse(text));
 */
export function validateMaskSpace(value: unknown): MaskSpaceDefinition {
  checkSpaceHeader(value, MASK_SPACE_FORMAT, TOP_LEVEL_KEYS);
  if (value.resolutions !== undefined) checkResolutions(value.resolutions, value.inputSize as number);
  const candidateNames = checkCandidates(value.candidates);
  checkStageList(value.stages, ENTRY_FORM, (entry, path, registerLayers) => checkSearchEntry(entry, path, candidateNames, registerLayers));
  checkArchParts(value);
  return value as unknown as MaskSpaceDefinition;
}

function checkResolutions(resolutions: unknown, inputSize: number): void {
  const expected = `a non-empty list of distinct integer input sides in [1, ${inputSize}] (pixels)`;
  if (!Array.isArray(resolutions) || resolutions.length === 0) throw expectedError('resolutions', expected, resolutions);
  resolutions.forEach((side: unknown, index) => {
    if (typeof side !== 'number' || !Number.isInteger(side) || side < 1 || side > inputSize) {
      throw expectedError(`resolutions[${index}]`, `an integer input side in [1, ${inputSize}] (pixels)`, side);
    }
    if (resolutions.indexOf(side) !== index) throw new FormatError(`resolutions[${index}]`, `resolution ${side} is listed twice`);
  });
}

function checkSearchEntry(
  entry: Record<string, unknown>,
  path: string,
  candidateNames: readonly string[],
  registerLayers: (group: string, repeat: number) => void,
): void {
  for (const key of Object.keys(entry)) {
    if (!SEARCH_KEYS.includes(key)) {
      throw new FormatError(childPath(path, key), `unknown key; expected one of ${SEARCH_KEYS.join(', ')}`);
    }
  }
  const { search, channels, expansion, stride, repeat = 1, candidates } = entry;
  if (typeof search !== 'string' || !GROUP_NAME.test(search)) {
    throw expectedError(`${path}.search`, 'a group name ([A-Za-z][A-Za-z0-9_]*)', search);
  }
  checkChannels(channels, `${path}.channels`);
  if (expansion !== undefined) checkExpansion(expansion, `${path}.expansion`);
  checkPositiveInteger(stride, `${path}.stride`, 'a positive integer stride');
  checkPositiveInteger(repeat, `${path}.repeat`, 'a positive integer repeat count');
  if (candidates !== undefined) checkCandidateList(candidates, `${path}.candidates`, candidateNames);
  registerLayers(search, repeat as number);
}

function checkChannels(channels: unknown, path: string): void {
  const form = 'channel options: a list of positive integers or {"min": n, "max": n, "step": n}';
  if (Array.isArray(channels)) {
    if (!channels.every((c) => typeof c === 'number')) throw expectedError(path, form, channels);
  } else if (isPlainObject(channels)) {
    for (const key of Object.keys(channels)) {
      if (!['min', 'max', 'step'].includes(key)) throw new FormatError(childPath(path, key), 'unknown key; expected min, max, step');
    }
  } else {
    throw expectedError(path, form, channels);
  }
  try {
    channelOptions(channels as number[], { name: path });
  } catch (error) {
    const message = (error as Error).message;
    throw new FormatError(path, message.startsWith(`${path}`) ? message.slice(path.length).replace(/^[.:]\s*/, '') : message);
  }
}

function checkExpansion(expansion: unknown, path: string): void {
  const expected = 'a non-empty list of distinct positive expansion ratios';
  if (!Array.isArray(expansion) || expansion.length === 0) throw expectedError(path, expected, expansion);
  expansion.forEach((ratio: unknown, index) => {
    if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio <= 0) {
      throw expectedError(`${path}[${index}]`, 'a positive expansion ratio', ratio);
    }
    if (expansion.indexOf(ratio) !== index) throw new FormatError(`${path}[${index}]`, `expansion ${ratio} is listed twice`);
  });
}
