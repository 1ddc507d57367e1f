import { assertJsonValue, channelOptions, childPath, expectedError, FormatError, isPlainObject, validateArch } from '@fbnas/core';

/**
 * The checks of space documents (`validateSpaceDocument`): the header, stage lists, candidates, fixed entries,
 * width, expansion and resolution options and argument objects. Every error names its JSON path and the expected
 * form.
 */

const CANDIDATE_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Checks a space document's header and returns its format: an object whose `format` is one of `formats`, with only
 * the keys `keysOf(format)`, a non-empty `name`, an optional string `description`, positive integer `inputSize` /
 * `inputChannels` / `numClasses`, an optional `basicArgs`.
 */
export function checkSpaceHeader<F extends string>(
  value: unknown, formats: readonly F[], keysOf: (format: F) => readonly string[],
): asserts value is Record<string, unknown> & { format: F } {
  if (!isPlainObject(value)) throw expectedError('(root)', `an ${formats.join(' or ')} object`, value);
  if (!formats.includes(value.format as F)) throw expectedError('format', formats.map((f) => JSON.stringify(f)).join(' or '), value.format);
  const keys = keysOf(value.format as F);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new FormatError(key, `unknown key; expected one of ${keys.join(', ')}`);
  }
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

/** Checks `resolutions`: distinct integer input sides in [1, inputSize] (pixels). */
export function checkResolutions(resolutions: unknown, inputSize: number): void {
  const expected = `a non-empty list of distinct integer input sides in [1, ${inputSize}] (pixels)`;
  if (!Array.isArray(resolutions) || resolutions.length === 0) throw expectedError('resolutions', expected, resolutions);
  resolutions.forEach((side: unknown, index) => {
    if (typeof side !== 'number' || !Number.isInteger(side) || side < 1 || side > inputSize) {
      throw expectedError(`resolutions[${index}]`, `an integer input side in [1, ${inputSize}] (pixels)`, side);
    }
    if (resolutions.indexOf(side) !== index) throw new FormatError(`resolutions[${index}]`, `resolution ${side} is listed twice`);
  });
}

/** Checks channel options: a list of distinct positive integers or an inclusive `{min, max, step}` range. */
export function checkChannels(channels: unknown, path: string): void {
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

/** Checks expansion options: a non-empty list of distinct positive ratios. */
export function checkExpansion(expansion: unknown, path: string): void {
  const expected = 'a non-empty list of distinct positive expansion ratios';
  if (!Array.isArray(expansion) || expansion.length === 0) throw expectedError(path, expected, expansion);
  expansion.forEach((ratio: unknown, index) => {
    if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio <= 0) {
      throw expectedError(`${path}[${index}]`, 'a positive expansion ratio', ratio);
    }
    if (expansion.indexOf(ratio) !== index) throw new FormatError(`${path}[${index}]`, `expansion ${ratio} is listed twice`);
  });
}
