import { assertJsonValue, childPath, expectedError, FormatError, isPlainObject, validateArch } from '@fbnas/core';
import { JOINT_SPACE_FORMAT, type JointSpaceDefinition } from './joint-space-definition';

const TOP_LEVEL_KEYS = [
  'format', 'name', 'description', 'inputChannels', 'numClasses', 'resolution', 'basicArgs', 'stem', 'stages', 'last', 'head', 'recipe',
];
const STAGE_KEYS = ['name', 'stride', 'channels', 'depth', 'expansion', 'kernel', 'se', 'activation', 'args'];
const RECIPE_KEYS = ['optimizer', 'learningRate', 'weightDecay', 'mixup', 'dropout', 'stochasticDepth', 'ema', 'epochs'];
const OPTIMIZERS = ['sgd', 'rmsprop', 'adam'];
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Checks that `value` is a valid `fbnas.joint-space/v1` document (see `joint-space-definition.ts`) and returns it
 * typed. Op names and arguments are checked when a sample's architecture is counted or built against an op registry.
 *
 * @throws FormatError naming the JSON path and the expected form, e.g.
 *   `stages[1].kernel[0]: expected a kernel size 3, 5 or 7, got 4` or
 *   `recipe.learningRate.min: expected a positive number for a log scale, got 0`.
 * @example
 * const definition = validateJointSpace(JSON.parse(text));
 */
export function validateJointSpace(value: unknown): JointSpaceDefinition {
  if (!isPlainObject(value)) throw expectedError('(root)', `an ${JOINT_SPACE_FORMAT} object`, value);
  checkKeys(value, '', TOP_LEVEL_KEYS);
  if (value.format !== JOINT_SPACE_FORMAT) throw expectedError('format', JSON.stringify(JOINT_SPACE_FORMAT), value.format);
  if (typeof value.name !== 'string' || value.name === '') throw expectedError('name', 'a non-empty string', value.name);
  if (value.description !== undefined && typeof value.description !== 'string') throw expectedError('description', 'a string', value.description);
  positiveInteger(value.inputChannels, 'inputChannels', 'a positive integer channel count');
  positiveInteger(value.numClasses, 'numClasses', 'a positive integer class count');
  integerDimension(value.resolution, 'resolution', 'input side (pixels)');
  if (value.basicArgs !== undefined) argsObject(value.basicArgs, 'basicArgs');
  checkStem(value.stem);
  checkStages(value.stages);
  checkRecipe(value.recipe);
  // `last` and `head` have the fbnas.arch/v1 forms: check them with core's validator on a probe architecture.
  if (value.last !== undefined && (!Array.isArray(value.last) || value.last.length === 0)) {
    throw expectedError('last', 'a non-empty list of block entries [op, outChannels, stride, repeat, {args}...]', value.last);
  }
  try {
    validateArch({
      format: 'fbnas.arch/v1', name: 'probe', inputSize: 1,
      stages: [[['probe', 1, 1, 1]], ...(value.last === undefined ? [] : [value.last])],
      ...(value.head === undefined ? {} : { head: value.head }),
    });
  } catch (error) {
    if (error instanceof FormatError && error.path.startsWith('stages[1]')) throw new FormatError(error.path.replace(/^stages\[1\]/, 'last'), error.detail);
    throw error;
  }
  return value as unknown as JointSpaceDefinition;
}

function checkStem(stem: unknown): void {
  if (!isPlainObject(stem)) throw expectedError('stem', 'a stem {"op", "channels", "stride"}', stem);
  checkKeys(stem, 'stem', ['op', 'channels', 'stride']);
  if (typeof stem.op !== 'string' || stem.op === '') throw expectedError('stem.op', 'an op name (non-empty string)', stem.op);
  integerDimension(stem.channels, 'stem.channels', 'channel count');
  positiveInteger(stem.stride, 'stem.stride', 'a positive integer stride');
}

function checkStages(stages: unknown): void {
  if (!Array.isArray(stages) || stages.length === 0) throw expectedError('stages', 'a non-empty list of stages', stages);
  const names = new Set<string>();
  stages.forEach((stage: unknown, index) => {
    const path = `stages[${index}]`;
    if (!isPlainObject(stage)) throw expectedError(path, 'a stage {"name", "stride", "channels", "depth", ...}', stage);
    checkKeys(stage, path, STAGE_KEYS);
    if (typeof stage.name !== 'string' || !NAME.test(stage.name)) throw expectedError(`${path}.name`, 'a stage name ([A-Za-z][A-Za-z0-9_]*)', stage.name);
    if (names.has(stage.name)) throw new FormatError(`${path}.name`, `stage name '${stage.name}' is already used`);
    names.add(stage.name);
    positiveInteger(stage.stride, `${path}.stride`, 'a positive integer stride');
    integerDimension(stage.channels, `${path}.channels`, 'channel count');
    integerDimension(stage.depth, `${path}.depth`, 'block count');
    realDimension(stage.expansion, `${path}.expansion`, { positive: true });
    optionList(stage.kernel, `${path}.kernel`, (k) => k === 3 || k === 5 || k === 7, 'a kernel size 3, 5 or 7');
    optionList(stage.se, `${path}.se`, (s) => typeof s === 'boolean', 'true or false');
    if (stage.activation !== 'relu' && stage.activation !== 'hswish') throw expectedError(`${path}.activation`, '"relu" or "hswish"', stage.activation);
    if (stage.args !== undefined) argsObject(stage.args, `${path}.args`);
  });
}

function checkRecipe(recipe: unknown): void {
  if (!isPlainObject(recipe)) throw expectedError('recipe', `a recipe {${RECIPE_KEYS.join(', ')}}`, recipe);
  checkKeys(recipe, 'recipe', RECIPE_KEYS);
  for (const key of RECIPE_KEYS) if (recipe[key] === undefined) throw expectedError(`recipe.${key}`, 'a dimension (a list of options or a range)', undefined);
  optionList(recipe.optimizer, 'recipe.optimizer', (o) => OPTIMIZERS.includes(o as string), `one of ${OPTIMIZERS.map((o) => JSON.stringify(o)).join(', ')}`);
  realDimension(recipe.learningRate, 'recipe.learningRate', { positive: true });
  realDimension(recipe.weightDecay, 'recipe.weightDecay', {});
  realDimension(recipe.mixup, 'recipe.mixup', {});
  realDimension(recipe.dropout, 'recipe.dropout', { below: 1 });
  realDimension(recipe.stochasticDepth, 'recipe.stochasticDepth', { below: 1 });
  realDimension(recipe.ema, 'recipe.ema', { below: 1 });
  integerDimension(recipe.epochs, 'recipe.epochs', 'epoch count');
}

/** A list of options (non-empty, distinct) or an inclusive integer range `{min, max, step?}` of positive integers. */
function integerDimension(value: unknown, path: string, what: string): void {
  if (Array.isArray(value)) {
    optionList(value, path, (v) => Number.isInteger(v) && (v as number) > 0, `a positive integer ${what}`);
    return;
  }
  if (!isPlainObject(value)) throw expectedError(path, `a list of options or a range {"min", "max", "step"?} (${what})`, value);
  checkKeys(value, path, ['min', 'max', 'step']);
  positiveInteger(value.min, `${path}.min`, `a positive integer ${what}`);
  positiveInteger(value.max, `${path}.max`, `a positive integer ${what}`);
  if (value.step !== undefined) positiveInteger(value.step, `${path}.step`, 'a positive integer step');
  if ((value.max as number) < (value.min as number)) throw expectedError(`${path}.max`, `at least min (${value.min as number})`, value.max);
}

/** A list of finite options or a continuous range `{min, max, scale?}`, non-negative (positive when asked), below `below`. */
function realDimension(value: unknown, path: string, limits: { positive?: boolean; below?: number }): void {
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && (limits.positive ? v > 0 : v >= 0) && (limits.below === undefined || v < limits.below);
  const form = `a ${limits.positive ? 'positive' : 'non-negative'} number${limits.below === undefined ? '' : ` below ${limits.below}`}`;
  if (Array.isArray(value)) {
    optionList(value, path, ok, form);
    return;
  }
  if (!isPlainObject(value)) throw expectedError(path, 'a list of options or a range {"min", "max", "scale"?}', value);
  checkKeys(value, path, ['min', 'max', 'scale']);
  if (!ok(value.min)) throw expectedError(`${path}.min`, form, value.min);
  if (!ok(value.max)) throw expectedError(`${path}.max`, form, value.max);
  if ((value.max as number) < (value.min as number)) throw expectedError(`${path}.max`, `at least min (${value.min as number})`, value.max);
  if (value.scale !== undefined && value.scale !== 'linear' && value.scale !== 'log') throw expectedError(`${path}.scale`, '"linear" or "log"', value.scale);
  if (value.scale === 'log' && !((value.min as number) > 0)) throw expectedError(`${path}.min`, 'a positive number for a log scale', value.min);
}

function optionList(value: unknown, path: string, accepts: (option: unknown) => boolean, form: string): void {
  if (!Array.isArray(value) || value.length === 0) throw expectedError(path, `a non-empty list of options (${form})`, value);
  value.forEach((option: unknown, index) => {
    if (!accepts(option)) throw expectedError(`${path}[${index}]`, form, option);
    if (value.indexOf(option) !== index) throw new FormatError(`${path}[${index}]`, `option ${JSON.stringify(option)} is listed twice`);
  });
}

function checkKeys(value: Record<string, unknown>, path: string, keys: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new FormatError(childPath(path, key), `unknown key; expected one of ${keys.join(', ')}`);
  }
}

function positiveInteger(value: unknown, path: string, expected: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw expectedError(path, expected, value);
}

function argsObject(value: unknown, path: string): void {
  if (!isPlainObject(value)) throw expectedError(path, 'an argument object {"name": value, ...}', value);
  assertJsonValue(value, path);
}
