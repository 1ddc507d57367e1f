import { describe, expect, it } from 'vitest';
import { bytesOf, global, integer, littleEndian, pickle, unicode } from '../__fixtures__/pickle-builder';
import { ByteReader } from '../byte-reader';
import { TorchCheckpointError } from '../errors';
import { OPCODES } from './opcodes';
import { unpickle } from './unpickler';

function load(bytes: Uint8Array): unknown {
  return unpickle(new ByteReader(bytes, 'test.pkl'), { source: 'test.pkl' });
}

function loadError(bytes: Uint8Array): string {
  try {
    load(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(TorchCheckpointError);
    return (error as TorchCheckpointError).message;
  }
  throw new Error('expected unpickle to throw');
}

describe('unpickle', () => {
  it('decodes scalars: ints of every width, LONG1/LONG4, floats, bools, None', () => {
    const list = pickle(
      OPCODES.EMPTY_LIST, OPCODES.MARK,
      OPCODES.BININT, ...littleEndian(-5, 4), OPCODES.BININT1, 255, OPCODES.BININT2, ...littleEndian(65535, 2),
      OPCODES.LONG1, 0, OPCODES.LONG1, 2, 0xff, 0x7f, OPCODES.LONG1, 1, 0xff, OPCODES.LONG1, 9, ...littleEndian(2n ** 64n, 9),
      OPCODES.LONG4, ...littleEndian(1, 4), 0x80,
      OPCODES.BINFLOAT, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a, OPCODES.NEWTRUE, OPCODES.NEWFALSE, OPCODES.NONE,
      OPCODES.APPENDS,
    );
    expect(load(list)).toEqual([-5, 255, 65535, 0, 32767, -1, 2n ** 64n, -128, 0.1, true, false, null]);
  });

  it('decodes every string and bytes opcode', () => {
    const list = pickle(
      OPCODES.EMPTY_LIST, OPCODES.MARK,
      OPCODES.SHORT_BINUNICODE, 2, 0xc3, 0xa9, ...unicode('fbnet'), OPCODES.BINUNICODE8, ...littleEndian(1, 8), 'x',
      OPCODES.SHORT_BINSTRING, 2, 'py', OPCODES.BINSTRING, ...littleEndian(1, 4), '2',
      OPCODES.SHORT_BINBYTES, 2, 1, 2, OPCODES.BINBYTES, ...littleEndian(1, 4), 3, OPCODES.BINBYTES8, ...littleEndian(1, 8), 4,
      OPCODES.BYTEARRAY8, ...littleEndian(0, 8),
      OPCODES.APPENDS,
    );
    expect(load(list)).toEqual(['é', 'fbnet', 'x', 'py', '2', Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of(4), new Uint8Array(0)]);
  });

  it('builds lists, tuples, dicts and sets, and keeps tuples frozen', () => {
    const value = load(pickle(
      OPCODES.EMPTY_LIST, OPCODES.MARK,
      OPCODES.MARK, ...integer(1), ...integer(2), OPCODES.LIST,
      OPCODES.MARK, ...integer(1), OPCODES.TUPLE,
      OPCODES.EMPTY_TUPLE,
      ...integer(7), OPCODES.TUPLE1,
      ...integer(1), ...integer(2), OPCODES.TUPLE2,
      ...integer(1), ...integer(2), ...integer(3), OPCODES.TUPLE3,
      OPCODES.MARK, ...unicode('a'), ...integer(1), OPCODES.DICT,
      OPCODES.EMPTY_DICT, ...unicode('k'), OPCODES.NONE, OPCODES.SETITEM,
      OPCODES.EMPTY_SET, OPCODES.MARK, ...integer(1), ...unicode('s'), OPCODES.ADDITEMS,
      OPCODES.MARK, ...integer(2), OPCODES.FROZENSET,
      OPCODES.APPENDS,
    )) as unknown[];
    expect(value).toEqual([
      [1, 2], [1], [], [7], [1, 2], [1, 2, 3], new Map([['a', 1]]), new Map([['k', null]]), new Set([1, 's']), new Set([2]),
    ]);
    expect(Object.isFrozen(value)).toBe(false);
    expect(Object.isFrozen(value[0])).toBe(false);
    expect(value.slice(1, 6).every((tuple) => Object.isFrozen(tuple))).toBe(true);
  });

  it('keeps memoised values shared, through BINPUT/LONG_BINPUT/MEMOIZE and the gets', () => {
    const value = load(pickle(
      OPCODES.EMPTY_LIST, OPCODES.BINPUT, 0, OPCODES.EMPTY_DICT, OPCODES.LONG_BINPUT, ...littleEndian(300, 4), OPCODES.MEMOIZE, OPCODES.POP,
      OPCODES.BINGET, 0, OPCODES.LONG_BINGET, ...littleEndian(300, 4), OPCODES.APPEND, OPCODES.POP,
      OPCODES.BINGET, 2, OPCODES.DUP, OPCODES.TUPLE2,
    )) as [Map<unknown, unknown>, Map<unknown, unknown>];
    expect(value[0]).toBe(value[1]);
    expect(value[0]).toBeInstanceOf(Map);
  });

  it('handles MARK/POP_MARK, FRAME and protocol 5 headers', () => {
    const framed = bytesOf(OPCODES.PROTO, 5, OPCODES.FRAME, ...littleEndian(4, 8), OPCODES.MARK, ...integer(9), OPCODES.POP_MARK, ...integer(4), OPCODES.STOP);
    expect(load(framed)).toBe(4);
    expect(loadError(bytesOf(OPCODES.PROTO, 6, OPCODES.NONE, OPCODES.STOP))).toBe('test.pkl: unsupported pickle protocol 6 (opcode 0x80 (PROTO) at byte 0)');
  });

  it('decodes argparse.Namespace through NEWOBJ + BUILD as an inert object', () => {
    const value = load(pickle(
      ...global('argparse', 'Namespace'), OPCODES.EMPTY_TUPLE, OPCODES.NEWOBJ,
      OPCODES.EMPTY_DICT, OPCODES.MARK, ...unicode('lr'), OPCODES.BINFLOAT, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a, OPCODES.SETITEMS, OPCODES.BUILD,
    ));
    expect(value).toEqual({ kind: 'python-object', className: 'argparse.Namespace', fields: new Map([['lr', 0.1]]) });
  });

  it('decodes numpy scalars of every numeric type and refuses object dtypes', () => {
    const scalar = (code: string, data: number[], order = '<') => pickle(
      ...global('numpy.core.multiarray', 'scalar'), ...global('numpy', 'dtype'), ...unicode(code), OPCODES.NEWFALSE, OPCODES.NEWTRUE,
      OPCODES.TUPLE3, OPCODES.REDUCE, OPCODES.MARK, ...integer(3), ...unicode(order), OPCODES.NONE, OPCODES.NONE, OPCODES.NONE, OPCODES.TUPLE, OPCODES.BUILD,
      OPCODES.SHORT_BINBYTES, data.length, ...data, OPCODES.TUPLE2, OPCODES.REDUCE,
    );
    expect(load(scalar('f8', [0, 0, 0, 0, 0, 0x50, 0x52, 0x40]))).toBe(73.25);
    expect(load(scalar('f8', [0x40, 0x52, 0x50, 0, 0, 0, 0, 0], '>'))).toBe(73.25);
    expect(load(scalar('f4', [0, 0, 0, 0x3f]))).toBe(0.5);
    expect(load(scalar('f2', [0, 0x3c]))).toBe(1);
    expect(load(scalar('i8', littleEndian(-3, 8)))).toBe(-3);
    expect(load(scalar('u8', littleEndian(2n ** 63n, 8)))).toBe(2n ** 63n);
    expect(load(scalar('i4', littleEndian(-7, 4)))).toBe(-7);
    expect(load(scalar('b1', [1]))).toBe(true);
    expect(loadError(scalar('O8', []))).toMatch(/^test.pkl: numpy dtype 'O8' is not supported/);
    expect(loadError(scalar('i4', [1]))).toMatch(/numpy scalar of dtype 'i4' needs 4 bytes, got 1/);
  });

  it('decodes protocol-2 bytes (_codecs.encode latin1) and refuses other encodings', () => {
    const encode = (text: string, encoding: string) => pickle(...global('_codecs', 'encode'), ...unicode(text), ...unicode(encoding), OPCODES.TUPLE2, OPCODES.REDUCE);
    expect(load(encode('\u0000\u00ff', 'latin1'))).toEqual(Uint8Array.of(0, 255));
    expect(loadError(encode('x', 'utf-16'))).toMatch(/_codecs.encode supports \(str, 'latin1'\) only/);
  });

  it.each([
    ['os', 'system'],
    ['posix', 'system'],
    ['builtins', 'eval'],
    ['__builtin__', 'getattr'],
    ['subprocess', 'Popen'],
    ['torch.storage', '_load_from_bytes'],
    ['numpy.core.multiarray', '_reconstruct'],
    ['copyreg', '_reconstructor'],
  ])('refuses the global %s.%s, by GLOBAL and by STACK_GLOBAL', (module, name) => {
    const message = `test.pkl: unsafe pickle: global '${module}.${name}' is not allowed (allowed: torch._utils._rebuild_tensor_v2,`;
    expect(loadError(pickle(...global(module, name), OPCODES.EMPTY_TUPLE, OPCODES.REDUCE))).toContain(message);
    const stacked = bytesOf(OPCODES.PROTO, 4, OPCODES.SHORT_BINUNICODE, module.length, module, OPCODES.SHORT_BINUNICODE, name.length, name, OPCODES.STACK_GLOBAL, OPCODES.STOP);
    expect(loadError(stacked)).toContain(message);
  });

  it('names unsupported storage classes as such', () => {
    expect(loadError(pickle(...global('torch', 'CharStorage')))).toMatch(/^test.pkl: unsupported storage type 'torch.CharStorage' \(supported: torch.FloatStorage, /);
  });

  it('refuses to call or instantiate allowed globals that are not callables', () => {
    expect(loadError(pickle(...global('torch', 'FloatStorage'), OPCODES.EMPTY_TUPLE, OPCODES.REDUCE))).toMatch(/global 'torch.FloatStorage' cannot be called \(opcode 0x52 \(REDUCE\)/);
    expect(loadError(pickle(...global('collections', 'OrderedDict'), OPCODES.EMPTY_TUPLE, OPCODES.NEWOBJ))).toMatch(/cannot be instantiated/);
    expect(loadError(pickle(...integer(1), OPCODES.EMPTY_TUPLE, OPCODES.REDUCE))).toMatch(/cannot call number 1/);
    expect(loadError(pickle(...global('argparse', 'Namespace'), OPCODES.EMPTY_TUPLE, OPCODES.MARK, ...unicode('x'), ...integer(1), OPCODES.DICT, OPCODES.NEWOBJ_EX))).toMatch(/keyword arguments to argparse.Namespace are not supported/);
  });

  it('refuses persistent ids and tensors where the context allows none', () => {
    expect(loadError(pickle(...unicode('0'), OPCODES.BINPERSID))).toMatch(/persistent id in a pickle that may hold none/);
    expect(loadError(pickle(...global('torch._utils', '_rebuild_tensor'), OPCODES.MARK, OPCODES.NONE, OPCODES.NONE, OPCODES.NONE, OPCODES.NONE, OPCODES.TUPLE, OPCODES.REDUCE))).toMatch(/a tensor appears where none may be/);
  });

  it('reports corrupt pickles: unknown and unsupported opcodes, underflow, missing memo, bad targets', () => {
    expect(loadError(bytesOf(OPCODES.PROTO, 2, 0xfe))).toBe('test.pkl: unknown pickle opcode (opcode 0xfe at byte 2)');
    expect(loadError(bytesOf(OPCODES.PROTO, 2, OPCODES.INT, '1\n', OPCODES.STOP))).toMatch(/^test.pkl: unsupported pickle opcode .* \(opcode 0x49 \(INT\) at byte 2\)$/);
    expect(loadError(pickle(OPCODES.TUPLE1))).toMatch(/stack underflow/);
    expect(loadError(pickle(OPCODES.BINGET, 3))).toMatch(/memo entry 3 is missing/);
    expect(loadError(pickle(OPCODES.EMPTY_TUPLE, OPCODES.NONE, OPCODES.APPEND))).toMatch(/cannot append to a tuple of 0/);
    expect(loadError(pickle(OPCODES.EMPTY_LIST, OPCODES.NONE, OPCODES.NONE, OPCODES.SETITEM))).toMatch(/cannot set an item on a list of 0/);
    expect(loadError(pickle(OPCODES.EMPTY_DICT, OPCODES.EMPTY_TUPLE, OPCODES.NONE, OPCODES.SETITEM))).toMatch(/unsupported dict or set key: a tuple of 0/);
    expect(loadError(pickle(OPCODES.EMPTY_LIST, OPCODES.NONE, OPCODES.BUILD))).toMatch(/BUILD \(setting the state of an object\) is not supported on a list of 0/);
    expect(loadError(pickle(OPCODES.TUPLE))).toMatch(/no MARK on the stack/);
    expect(loadError(pickle(OPCODES.LONG4, ...littleEndian(5000, 4)))).toMatch(/integer of 5000 bytes is too large/);
  });

  it('reports truncation with the byte and what was being read', () => {
    expect(loadError(bytesOf(OPCODES.PROTO, 2, OPCODES.BINUNICODE, ...littleEndian(10, 4), 'abc'))).toBe(
      'test.pkl: truncated at byte 10 while reading a string (needed 10 bytes at byte 7, 3 left)',
    );
    expect(loadError(bytesOf(OPCODES.PROTO, 2, OPCODES.NONE))).toMatch(/^test.pkl: truncated at byte 3 while reading a pickle opcode/);
    expect(loadError(bytesOf(OPCODES.PROTO, 2, OPCODES.GLOBAL, 'os'))).toMatch(/truncated at byte 5 while reading a GLOBAL module name/);
  });

  it('survives deep nesting without recursion', () => {
    const depth = 100_000;
    const deep = new Uint8Array(2 * depth + 2);
    deep.set([OPCODES.PROTO, 2]);
    deep.fill(OPCODES.EMPTY_LIST, 2, 2 + depth);
    deep.fill(OPCODES.APPEND, 2 + depth, 1 + 2 * depth);
    deep[deep.length - 1] = OPCODES.STOP;
    let value = load(deep) as unknown[];
    let levels = 1;
    while (value.length === 1) {
      value = value[0] as unknown[];
      levels++;
    }
    expect(levels).toBe(depth);
  });
});
