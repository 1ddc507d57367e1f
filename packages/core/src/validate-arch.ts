import { assertArchWithinLimits, type ArchLimits } from './arch-limits';
import { ARCH_FORMAT, type ArchDefinition } from './arch-definition';
import { expectedError, FormatError } from './format-error';
import { assertJsonValue, isPlainObject } from './json-value';

const TOP_LEVEL_KEYS = [
  'format',
  'name',
  'description',
  'inputSize',
  'inputChannels',
  'numClasses',
  'basicArgs',
  'stages',
  'head',
] as const;
const ENTRY_FORM = 'a block entry [op, outChannels, stride, repeat, {args}...]';

/**
 * Checks that `value` is a valid `fbnas.arch/v1` document (see `arch-definition.ts`) within the size limits
 * (`arch-limits.ts`: blocks, repeat, channels, input size, classes; `options.limits` raises them) and returns it
 * typed. Only the format is checked here; op names and arguments are checked by `unify` against an op registry.
 *
 * @throws FormatError naming the JSON path and the expected form, e.g.
 *   `stages[3][1][2]: expected a positive integer stride, got -1`, or the limit and the option that raises it,
 *   e.g. `stages[1][0][3]: repeat 100000 exceeds the limit 64 (limits.maxRepeat)`.
 * @example
 * const arch = validateArch(JSON.parse(text));
 * const large = validateArch(JSON.parse(text), { limits: { maxInputSize: 2048 } });
 */
export function validateArch(value: unknown, options: { limits?: Partial<ArchLimits> } = {}): ArchDefinition {
  if (!isPlainObject(value)) throw expectedError('(root)', `an ${ARCH_FORMAT} object`, value);
  for (const key of Object.keys(value)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      throw new FormatError(key, `unknown key; expected one of ${TOP_LEVEL_KEYS.join(', ')}`);
    }
  }
  if (value.format !== ARCH_FORMAT) throw expectedError('format', JSON.stringify(ARCH_FORMAT), value.format);
  if (typeof value.name !== 'string' || value.name === '') {
    throw expectedError('name', 'a non-empty string', value.name);
  }
  if (value.description !== undefined && typeof value.description !== 'string') {
    throw expectedError('description', 'a string', value.description);
  }
  checkPositiveInteger(value.inputSize, 'inputSize', 'a positive integer input size (pixels)');
  if (value.inputChannels !== undefined) {
    checkPositiveInteger(value.inputChannels, 'inputChannels', 'a positive integer channel count');
  }
  if (value.numClasses !== undefined) {
    checkPositiveInteger(value.numClasses, 'numClasses', 'a positive integer class count');
  }
  if (value.basicArgs !== undefined) checkArgsObject(value.basicArgs, 'basicArgs');
  checkStages(value.stages);
  if (value.head !== undefined) checkHead(value.head);
  const arch = value as unknown as ArchDefinition;
  assertArchWithinLimits(arch, options.limits);
  return arch;
}

function checkStages(stages: unknown): void {
  if (!Array.isArray(stages) || stages.length === 0) {
    throw expectedError('stages', 'a non-empty list of stages', stages);
  }
  stages.forEach((stage: unknown, stageIndex) => {
    const stagePath = `stages[${stageIndex}]`;
    if (!Array.isArray(stage) || stage.length === 0) {
      throw expectedError(stagePath, `a non-empty list of block entries`, stage);
    }
    stage.forEach((entry: unknown, entryIndex) => checkEntry(entry, `${stagePath}[${entryIndex}]`));
  });
}

function checkEntry(entry: unknown, path: string): void {
  if (!Array.isArray(entry) || entry.length < 4) throw expectedError(path, ENTRY_FORM, entry);
  const [op, outChannels, stride, repeat, ...argObjects] = entry as unknown[];
  if (typeof op !== 'string' || op === '') throw expectedError(`${path}[0]`, 'an op name (non-empty string)', op);
  checkPositiveInteger(outChannels, `${path}[1]`, 'a positive integer channel count');
  checkPositiveInteger(stride, `${path}[2]`, 'a positive integer stride');
  if (typeof repeat !== 'number' || !Number.isInteger(repeat) || repeat < 0) {
    throw expectedError(`${path}[3]`, 'a non-negative integer repeat count', repeat);
  }
  argObjects.forEach((args, index) => checkArgsObject(args, `${path}[${index + 4}]`));
}

function checkHead(head: unknown): void {
  if (!isPlainObject(head)) throw expectedError('head', 'an object {"op": name, "args"?: {...}}', head);
  for (const key of Object.keys(head)) {
    if (key !== 'op' && key !== 'args') throw new FormatError(`head.${key}`, 'unknown key; expected one of op, args');
  }
  if (typeof head.op !== 'string' || head.op === '') throw expectedError('head.op', 'an op name (non-empty string)', head.op);
  if (head.args !== undefined) checkArgsObject(head.args, 'head.args');
}

function checkArgsObject(value: unknown, path: string): void {
  if (!isPlainObject(value)) throw expectedError(path, 'an argument object {"name": value, ...}', value);
  assertJsonValue(value, path);
}

function checkPositiveInteger(value: unknown, path: string, expected: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw expectedError(path, expected, value);
}
