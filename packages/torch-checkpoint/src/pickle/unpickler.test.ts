import { describe, expect, it } from 'vitest';
import { bytesOf, global, integer, littleEndian, pickle, unicode } from '../__fixtures__/pickle-builder';
import { ByteReader } from '../byte-reader';
import { TorchCheckpointError } from '../errors';
import { OPCODES as op } from './opcodes';
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
      op.EMPTY_LIST, op.MARK,
      op.BININT, ...littleEndian(-5, 4), op.BININT1, 255, op.BININT2, ...littleEndian(65535, 2),
      op.LONG1, 0, op.LONG1, 2, 0xff, 0x7f, op.LONG1, 1, 0xff, op.LONG1, 9, ...littleEndian(2n ** 64n, 9),
      op.LONG4, ...littleEndian(1, 4), 0x80,
      op.BINFLOAT, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a, op.NEWTRUE, op.NEWFALSE, op.NONE,
      op.APPENDS,
    );
    expect(load(list)).toEqual([-5, 255, 65535, 0, 32767, -1, 2n ** 64n, -128, 0.1, true, false, null]);
  });

  it('decodes every string and bytes opcode', () => {
    const list = pickle(
      op.EMPTY_LIST, op.MARK,
      op.SHORT_BINUNICODE, 2, 0xc3, 0xa9, ...unicode('fbnet'), op.BINUNICODE8, ...littleEndian(1, 8), 'x',
      op.SHORT_BINSTRING, 2, 'py', op.BINSTRING, ...littleEndian(1, 4), '2',
      op.SHORT_BINBYTES, 2, 1, 2, op.BINBYTES, ...littleEndian(1, 4), 3, op.BINBYTES8, ...littleEndian(1, 8), 4,
      op.BYTEARRAY8, ...littleEndian(0, 8),
      op.APPENDS,
    );
    expect(load(list)).toEqual(['é', 'fbnet', 'x', 'py', '2', Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of(4), new Uint8Array(0)]);
  });

  it('builds lists, tuples, dicts and sets, and keeps tuples frozen', () => {
    const value = load(pickle(
      op.EMPTY_LIST, op.MARK,
      op.MARK, ...integer(1), ...integer(2), op.LIST,
      op.MARK, ...integer(1), op.TUPLE,
      op.EMPTY_TUPLE,
      ...integer(7), op.TUPLE1,
      ...integer(1), ...integer(2), op.TUPLE2,
      ...integer(1), ...integer(2), ...integer(3), op.TUPLE3,
      op.MARK, ...unicode('a'), ...integer(1), op.DICT,
      op.EMPTY_DICT, ...unicode('k'), op.NONE, op.SETITEM,
      op.EMPTY_SET, op.MARK, ...integer(1), ...unicode('s'), op.ADDITEMS,
      op.MARK, ...integer(2), op.FROZENSET,
      op.APPENDS,
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
      op.EMPTY_LIST, op.BINPUT, 0, op.EMPTY_DICT, op.LONG_BINPUT, ...littleEndian(300, 4), op.MEMOIZE, op.POP,
      op.BINGET, 0, op.LONG_BINGET, ...littleEndian(300, 4), op.APPEND, op.POP,
      op.BINGET, 2, op.DUP, op.TUPLE2,
    )) as [Map<unknown, unknown>, Map<unknown, unknown>];
    expect(value[0]).toBe(value[1]);
    expect(value[0]).toBeInstanceOf(Map);
  });

  it('handles MARK/POP_MARK, FRAME and protocol 5 headers', () => {
    const framed = bytesOf(op.PROTO, 5, op.FRAME, ...littleEndian(4, 8), op.MARK, ...integer(9), op.POP_MARK, ...integer(4), op.STOP);
    expect(load(framed)).toBe(4);
    expect(loadError(bytesOf(op.PROTO, 6, op.NONE, op.STOP))).toBe('test.pkl: unsupported pickle protocol 6 (opcode 0x80 (PROTO) at byte 0)');
  });

  it('decodes argparse.Namespace through NEWOBJ + BUILD as an inert object', () => {
    const value = load(pickle(
      ...global('argparse', 'Namespace'), op.EMPTY_TUPLE, op.NEWOBJ,
      op.EMPTY_DICT, op.MARK, ...unicode('lr'), op.BINFLOAT, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a, op.SETITEMS, op.BUILD,
    ));
    expect(value).toEqual({ kind: 'python-object', className: 'argparse.Namespace', fields: new Map([['lr', 0.1]]) });
  });

  it('decodes numpy scalars of every numeric type and refuses object dtypes', () => {
    const scalar = (code: string, data: number[], order = '<') => pickle(
      ...global('numpy.core.multiarray', 'scalar'), ...global('numpy', 'dtype'), ...unicode(code), op.NEWFALSE, op.NEWTRUE,
      op.TUPLE3, op.REDUCE, op.MARK, ...integer(3), ...unicode(order), op.NONE, op.NONE, op.NONE, op.TUPLE, op.BUILD,
      op.SHORT_BINBYTES, data.length, ...data, op.TUPLE2, op.REDUCE,
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
    const encode = (text: string, encoding: string) => pickle(...global('_codecs', 'encode'), ...unicode(text), ...unicode(encoding), op.TUPLE2, op.REDUCE);
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
    expect(loadError(pickle(...global(module, name), op.EMPTY_TUPLE, op.REDUCE))).toContain(message);
    const stacked = bytesOf(op.PROTO, 4, op.SHORT_BINUNICODE, module.length, module, op.SHORT_BINUNICODE, name.length, name, op.STACK_GLOBAL, op.STOP);
    expect(loadError(stacked)).toContain(message);
  });

  it('names unsupported storage classes as such', () => {
    expect(loadError(pickle(...global('torch', 'CharStorage')))).toMatch(/^test.pkl: unsupported storage type 'torch.CharStorage' \(supported: torch.FloatStorage, /);
  });

  it('refuses to call or instantiate allowed globals that are not callables', () => {
    expect(loadError(pickle(...global('torch', 'FloatStorage'), op.EMPTY_TUPLE, op.REDUCE))).toMatch(/global 'torch.FloatStorage' cannot be called \(opcode 0x52 \(REDUCE\)/);
    expect(loadError(pickle(...global('collections', 'OrderedDict'), op.EMPTY_TUPLE, op.NEWOBJ))).toMatch(/cannot be instantiated/);
    expect(loadError(pickle(...integer(1), op.EMPTY_TUPLE, op.REDUCE))).toMatch(/cannot call number 1/);
    expect(loadError(pickle(...global('argparse', 'Namespace'), op.EMPTY_TUPLE, op.MARK, ...unicode('x'), ...integer(1), op.DICT, op.NEWOBJ_EX))).toMatch(/keyword arguments to argparse.Namespace are not supported/);
  });

  it('refuses persistent ids and tensors where the context allows none', () => {
    expect(loadError(pickle(...unicode('0'), op.BINPERSID))).toMatch(/persistent id in a pickle that may hold none/);
    expect(loadError(pickle(...global('torch._utils', '_rebuild_tensor'), op.MARK, op.NONE, op.NONE, op.NONE, op.NONE, op.TUPLE, op.REDUCE))).toMatch(/a tensor appears where none may be/);
  });

  it('reports corrupt pickles: unknown and unsupported opcodes, underflow, missing memo, bad targets', () => {
    expect(loadError(bytesOf(op.PROTO, 2, 0xfe))).toBe('test.pkl: unknown pickle opcode (opcode 0xfe at byte 2)');
    expect(loadError(bytesOf(op.PROTO, 2, op.INT, '1\n', op.STOP))).toMatch(/^test.pkl: unsupported pickle opcode .* \(opcode 0x49 \(INT\) at byte 2\)$/);
    expect(loadError(pickle(op.TUPLE1))).toMatch(/stack underflow/);
    expect(loadError(pickle(op.BINGET, 3))).toMatch(/memo entry 3 is missing/);
    expect(loadError(pickle(op.EMPTY_TUPLE, op.NONE, op.APPEND))).toMatch(/cannot append to a tuple of 0/);
    expect(loadError(pickle(op.EMPTY_LIST, op.NONE, op.NONE, op.SETITEM))).toMatch(/cannot set an item on a list of 0/);
    expect(loadError(pickle(op.EMPTY_DICT, op.EMPTY_TUPLE, op.NONE, op.SETITEM))).toMatch(/unsupported dict or set key: a tuple of 0/);
    expect(loadError(pickle(op.EMPTY_LIST, op.NONE, op.BUILD))).toMatch(/BUILD \(setting the state of an object\) is not supported on a list of 0/);
    expect(loadError(pickle(op.TUPLE))).toMatch(/no MARK on the stack/);
    expect(loadError(pickle(op.LONG4, ...littleEndian(5000, 4)))).toMatch(/integer of 5000 bytes is too large/);
  });

  it('reports truncation with the byte and what was being read', () => {
    expect(loadError(bytesOf(op.PROTO, 2, op.BINUNICODE, ...littleEndian(10, 4), 'abc'))).toBe(
      'test.pkl: truncated at byte 10 while reading a string (needed 10 bytes at byte 7, 3 left)',
    );
    expect(loadError(bytesOf(op.PROTO, 2, op.NONE))).toMatch(/^test.pkl: truncated at byte 3 while reading a pickle opcode/);
    expect(loadError(bytesOf(op.PROTO, 2, op.GLOBAL, 'os'))).toMatch(/truncated at byte 5 while reading a GLOBAL module name/);
  });

  it('survives deep nesting without recursion', () => {
    const depth = 100_000;
    const deep = new Uint8Array(2 * depth + 2);
    deep.set([op.PROTO, 2]);
    deep.fill(op.EMPTY_LIST, 2, 2 + depth);
    deep.fill(op.APPEND, 2 + depth, 1 + 2 * depth);
    deep[deep.length - 1] = op.STOP;
    let value = load(deep) as unknown[];
    let levels = 1;
    while (value.length === 1) {
      value = value[0] as unknown[];
      levels++;
    }
    expect(levels).toBe(depth);
  });
});
