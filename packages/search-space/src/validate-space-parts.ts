import { assertJsonValue, childPath, expectedError, FormatError, isPlainObject, validateArch } from '@fbnas/core';

/**
 * Checks shared by the `fbnas.space/v1` and `fbnas.mask-space/v1` validators: the document header, stage
 * lists, candidates, fixed entries and argument objects. Every error names its JSON path and the expected form.
 */

const CANDIDATE_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Checks a space document's header: an object with only `keys`, the `format` tag, a non-empty `name`, an optional
 * string `description`, positive integer `inputSize` / `inputChannels` / `numClasses`, an optional `basicArgs`.
 */
export function checkSpaceHeader(value: unknown, format: string, keys: readonly string[]): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw expectedError('(root)', `an ${format} object`, value);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new FormatError(key, `unknown key; expected one of ${keys.join(', ')}`);
  }
  if (value.format !== format) throw expectedError('format', JSON.stringify(format), value.format);
  if (typeof value.name !== 'string' || value.name === '') throw expectedError('name', 'a non-empty string', value.name);
  if (value.description !== undefined && typeof value.description !== 'string') {
    throw expectedError('description', 'a string', value.description);
  }
  checkPositiveInteger(value.inputSize, 'inputSize', 'a positive integer input size (pixels)');
  checkPositiveInteger(value.inputChannels, 'inputChannels', 'a positive integer channel count');
  checkPositiveInteger(value.numClasses, 'numClasses', 'a positive integer class count');
  if (value.basicArgs !== undefined) checkArgsObject(value.basicArgs, 'basicArgs');
}

/**
 * Checks `stages`: a non-empty list of non-empty lists of entries, each a fixed entry or a searchable group
 * (checked by `checkSearch`, which registers its layer ids with `registerLayers`); at least one group.
 */
export function checkStageList(
  stages: unknown,
  entryForm: string,
  checkSearch: (entry: Record<string, unknown>, path: string, registerLayers: (group: string, repeat: number) => void) => void,
): void {
  if (!Array.isArray(stages) || stages.length === 0) throw expectedError('stages', 'a non-empty list of stages', stages);
  const layerSources = new Map<string, string>();
  stages.forEach((stage: unknown, stageIndex) => {
    const stagePath = `stages[${stageIndex}]`;
    if (!Array.isArray(stage) || stage.length === 0) throw expectedError(stagePath, 'a non-empty list of stage entries', stage);
    stage.forEach((entry: unknown, entryIndex) => {
      const path = `${stagePath}[${entryIndex}]`;
      if (!isPlainObject(entry)) throw expectedError(path, entryForm, entry);
      if ('fixed' in entry) checkFixedEntry(entry, path);
      else if ('search' in entry) {
        checkSearch(entry, path, (group, repeat) => {
          for (let index = 0; index < repeat; index++) {
            const id = `${group}_${index}`;
            const previous = layerSources.get(id);
            if (previous !== undefined) throw new FormatError(`${path}.search`, `layer id '${id}' is already used by the group at ${previous}`);
            layerSources.set(id, path);
          }
        });
      } else throw expectedError(path, entryForm, entry);
    });
  });
  if (layerSources.size === 0) throw new FormatError('stages', 'expected at least one searchable group {"search": ...}');
}

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
export function checkArchParts(value: Record<string, unknown>): void {
  validateArch({
    format: 'fbnas.arch/v1',
    name: 'probe',
    inputSize: 1,
    stages: [[['probe', 1, 1, 1]]],
    ...(value.head === undefined ? {} : { head: value.head }),
  });
}

export function checkArgsObject(value: unknown, path: string): void {
  if (!isPlainObject(value)) throw expectedError(path, 'an argument object {"name": value, ...}', value);
  assertJsonValue(value, path);
}

export function checkPositiveInteger(value: unknown, path: string, expected: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw expectedError(path, expected, value);
}
