import { InvalidValueError } from '../invalid-value-error';
import type { PythonObject, TorchDictKey } from '../torch-value';
import { describeValue, expectArgumentCount } from './expect-arguments';
import type { SafeGlobal } from './safe-global';
import { checkDictKey } from './check-dict-key';

function orderedDict(args: readonly unknown[]): Map<TorchDictKey, unknown> {
  expectArgumentCount('collections.OrderedDict', args, 0, 1);
  const result = new Map<TorchDictKey, unknown>();
  if (args.length === 0) return result;
  const [pairs] = args;
  if (!Array.isArray(pairs)) throw new InvalidValueError(`collections.OrderedDict expects a list of pairs, got ${describeValue(pairs)}`);
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new InvalidValueError(`collections.OrderedDict expects (key, value) pairs, got ${describeValue(pair)}`);
    }
    result.set(checkDictKey(pair[0]), pair[1]);
  }
  return result;
}

function set(name: string) {
  return (args: readonly unknown[]): Set<TorchDictKey> => {
    expectArgumentCount(name, args, 0, 1);
    const items = args[0] ?? [];
    if (!Array.isArray(items)) throw new InvalidValueError(`${name} expects a list, got ${describeValue(items)}`);
    return new Set(items.map(checkDictKey));
  };
}

function latin1Encode(args: readonly unknown[]): Uint8Array {
  expectArgumentCount('_codecs.encode', args, 2);
  const [text, encoding] = args;
  if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) {
    throw new InvalidValueError(`_codecs.encode supports (str, 'latin1') only, got ${describeValue(encoding)}`);
  }
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0xff) throw new InvalidValueError(`_codecs.encode: character U+${code.toString(16)} is not latin1`);
    bytes[index] = code;
  }
  return bytes;
}

function namespace(args: readonly unknown[]): PythonObject {
  expectArgumentCount('argparse.Namespace', args, 0);
  return { kind: 'python-object', className: 'argparse.Namespace', fields: new Map() };
}

/**
 * Python built-ins torch checkpoints use: `OrderedDict` (state dicts), `set`/`frozenset`, `_codecs.encode`
 * (how protocol 2 pickles `bytes`) and `argparse.Namespace` (training arguments, decoded as inert data).
 */
export const PYTHON_GLOBALS: readonly SafeGlobal[] = [
  { name: 'collections.OrderedDict', call: orderedDict },
  ...['builtins', '__builtin__'].flatMap((module) => [
    { name: `${module}.set`, call: set(`${module}.set`) },
    { name: `${module}.frozenset`, call: set(`${module}.frozenset`) },
  ]),
  { name: '_codecs.encode', call: latin1Encode },
  { name: 'argparse.Namespace', call: namespace, instantiate: namespace },
];
