import { assertJsonValue, childPath, expectedError, FormatError, isPlainObject, validateArch } from '@fbnas/core';
import { SPACE_FORMAT, type SpaceDefinition } from './space-definition';

const TOP_LEVEL_KEYS = [
  'format',
  'name',
  'description',
  'inputSize',
  'inputChannels',
  'numClasses',
  'basicArgs',
  'candidates',
  'stages',
  'head',
] as const;
const SEARCH_KEYS = ['search', 'outChannels', 'stride', 'repeat', 'candidates'] as const;
const CANDIDATE_NAME = /^[A-Za-z0-9_]+$/;
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
  if (!isPlainObject(value)) throw expectedError('(root)', `an ${SPACE_FORMAT} object`, value);
  for (const key of Object.keys(value)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      throw new FormatError(key, `unknown key; expected one of ${TOP_LEVEL_KEYS.join(', ')}`);
    }
  }
  if (value.format !== SPACE_FORMAT) throw expectedError('format', JSON.stringify(SPACE_FORMAT), value.format);
  if (typeof value.name !== 'string' || value.name === '') throw expectedError('name', 'a non-empty string', value.name);
  if (value.description !== undefined && typeof value.description !== 'string') {
    throw expectedError('description', 'a string', value.description);
  }
  checkPositiveInteger(value.inputSize, 'inputSize', 'a positive integer input size (pixels)');
  checkPositiveInteger(value.inputChannels, 'inputChannels', 'a positive integer channel count');
  checkPositiveInteger(value.numClasses, 'numClasses', 'a positive integer class count');
  if (value.basicArgs !== undefined) checkArgsObject(value.basicArgs, 'basicArgs');
  const candidateNames = checkCandidates(value.candidates);
  checkStages(value.stages, candidateNames);
  checkArchParts(value);
  return value as unknown as SpaceDefinition;
}

/** Shared with `validateMaskSpace`. */
export function checkCandidates(candidates: unknown): string[] {
  if (!isPlainObject(candidates) || Object.keys(candidates).length === 0) {
    throw expectedError('candidates', 'a non-empty object {"name": [op, {args}?], ...}', candidates);
  }
  for (const [name, definition] of Object.entries(candidates)) {
    const path = childPath('candidates', name);
    if (!CANDIDATE_NAME.test(name)) throw new FormatError(path, 'expected a candidate name of letters, digits and _');
    if (!Array.isArray(definition) || definition.length < 1 || definition.length > 2) {
      throw expectedError(path, 'a candidate [op, {args}?]', definition);
    }
    const [op, args] = definition as unknown[];
    if (typeof op !== 'string' || op === '') throw expectedError(`${path}[0]`, 'an op name (non-empty string)', op);
    if (definition.length === 2) checkArgsObject(args, `${path}[1]`);
  }
  return Object.keys(candidates);
}

function checkStages(stages: unknown, candidateNames: readonly string[]): void {
  if (!Array.isArray(stages) || stages.length === 0) throw expectedError('stages', 'a non-empty list of stages', stages);
  const layerSources = new Map<string, string>();
  stages.forEach((stage: unknown, stageIndex) => {
    const stagePath = `stages[${stageIndex}]`;
    if (!Array.isArray(stage) || stage.length === 0) throw expectedError(stagePath, 'a non-empty list of stage entries', stage);
    stage.forEach((entry: unknown, entryIndex) => {
      const path = `${stagePath}[${entryIndex}]`;
      if (!isPlainObject(entry)) throw expectedError(path, ENTRY_FORM, entry);
      if ('fixed' in entry) checkFixedEntry(entry, path);
      else if ('search' in entry) checkSearchEntry(entry, path, candidateNames, layerSources);
      else throw expectedError(path, ENTRY_FORM, entry);
    });
  });
  if (layerSources.size === 0) throw new FormatError('stages', 'expected at least one searchable group {"search": ...}');
}

/** Shared with `validateMaskSpace`. */
export function checkFixedEntry(entry: Record<string, unknown>, path: string): void {
  for (const key of Object.keys(entry)) {
    if (key !== 'fixed') throw new FormatError(childPath(path, key), 'unknown key; a fixed entry has only "fixed"');
  }
  const fixed = entry.fixed;
  const fixedPath = `${path}.fixed`;
  if (!Array.isArray(fixed) || fixed.length < 4) {
    throw expectedError(fixedPath, 'a block entry [op, outChannels, stride, repeat, {args}...]', fixed);
  }
  const [op, outChannels, stride, repeat, ...argObjects] = fixed as unknown[];
  if (typeof op !== 'string' || op === '') throw expectedError(`${fixedPath}[0]`, 'an op name (non-empty string)', op);
  checkPositiveInteger(outChannels, `${fixedPath}[1]`, 'a positive integer channel count');
  checkPositiveInteger(stride, `${fixedPath}[2]`, 'a positive integer stride');
  checkPositiveInteger(repeat, `${fixedPath}[3]`, 'a positive integer repeat count');
  argObjects.forEach((args, index) => checkArgsObject(args, `${fixedPath}[${index + 4}]`));
}

function checkSearchEntry(
  entry: Record<string, unknown>,
  path: string,
  candidateNames: readonly string[],
  layerSources: Map<string, string>,
): void {
  for (const key of Object.keys(entry)) {
    if (!(SEARCH_KEYS as readonly string[]).includes(key)) {
      throw new FormatError(childPath(path, key), `unknown key; expected one of ${SEARCH_KEYS.join(', ')}`);
    }
  }
  const { search, outChannels, stride, repeat, candidates } = entry;
  if (typeof search !== 'string' || !GROUP_NAME.test(search)) {
    throw expectedError(`${path}.search`, 'a group name ([A-Za-z][A-Za-z0-9_]*)', search);
  }
  checkPositiveInteger(outChannels, `${path}.outChannels`, 'a positive integer channel count');
  checkPositiveInteger(stride, `${path}.stride`, 'a positive integer stride');
  checkPositiveInteger(repeat, `${path}.repeat`, 'a positive integer repeat count');
  if (candidates !== undefined) checkCandidateList(candidates, `${path}.candidates`, candidateNames);
  for (let index = 0; index < (repeat as number); index++) {
    const id = `${search}_${index}`;
    const previous = layerSources.get(id);
    if (previous !== undefined) {
      throw new FormatError(`${path}.search`, `layer id '${id}' is already used by the group at ${previous}`);
    }
    layerSources.set(id, path);
  }
}

/** Shared with `validateMaskSpace`. */
export function checkCandidateList(list: unknown, path: string, candidateNames: readonly string[]): void {
  if (!Array.isArray(list) || list.length === 0) throw expectedError(path, 'a non-empty list of candidate names', list);
  const seen = new Set<unknown>();
  list.forEach((name: unknown, index) => {
    if (typeof name !== 'string' || !candidateNames.includes(name)) {
      throw expectedError(`${path}[${index}]`, `one of the candidates ${candidateNames.join(', ')}`, name);
    }
    if (seen.has(name)) throw new FormatError(`${path}[${index}]`, `candidate '${name}' is listed twice`);
    seen.add(name);
  });
}

/** `head` has the `fbnas.arch/v1` form (same path): check it with core's validator on a stub architecture. */
/** Shared with `validateMaskSpace`. */
export function checkArchParts(value: Record<string, unknown>): void {
  validateArch({
    format: 'fbnas.arch/v1',
    name: 'probe',
    inputSize: 1,
    stages: [[['probe', 1, 1, 1]]],
    ...(value.head === undefined ? {} : { head: value.head }),
  });
}

/** Shared with `validateMaskSpace`. */
export function checkArgsObject(value: unknown, path: string): void {
  if (!isPlainObject(value)) throw expectedError(path, 'an argument object {"name": value, ...}', value);
  assertJsonValue(value, path);
}

/** Shared with `validateMaskSpace`. */
export function checkPositiveInteger(value: unknown, path: string, expected: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw expectedError(path, expected, value);
}
