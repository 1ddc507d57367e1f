import { describeValue } from '../globals/expect-arguments';
import { NumpyDtype } from '../globals/numpy-dtype';
import { InvalidValueError } from '../invalid-value-error';
import { isPythonObject, type TorchValue } from '../torch-value';
import { isTuple } from './tuple';

function mergeFields(fields: Map<string, TorchValue>, state: unknown): void {
  if (state === null) return;
  if (!(state instanceof Map)) throw new InvalidValueError(`object state must be a dict, got ${describeValue(state)}`);
  for (const [key, value] of state) {
    if (typeof key !== 'string') throw new InvalidValueError(`object attribute names must be strings, got ${describeValue(key)}`);
    fields.set(key, value as TorchValue);
  }
}

/**
 * BUILD (`obj.__setstate__(state)` in Python), restricted to what checkpoints need and done without running
 * anything: an inert object's attributes are merged in (`(dict, slots)` tuples too); a numpy dtype takes its
 * byte order; an OrderedDict's instance attributes (a state dict's `_metadata`) are dropped.
 *
 * @throws InvalidValueError for any other target.
 */
export function applyBuild(target: unknown, state: unknown): void {
  if (isPythonObject(target)) {
    if (isTuple(state) && state.length === 2) {
      mergeFields(target.fields, state[0]);
      mergeFields(target.fields, state[1]);
    } else {
      mergeFields(target.fields, state);
    }
    return;
  }
  if (target instanceof NumpyDtype) return target.setState(state);
  if (target instanceof Map) {
    if (state === null || state instanceof Map || isTuple(state)) return;
    throw new InvalidValueError(`OrderedDict state must be a dict, got ${describeValue(state)}`);
  }
  throw new InvalidValueError(`BUILD (setting the state of an object) is not supported on ${describeValue(target)}`);
}
