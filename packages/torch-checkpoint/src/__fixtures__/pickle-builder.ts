// Test support: hand-built pickles and legacy checkpoints, for cases torch.save never writes.
import { OPCODES } from '../pickle/opcodes';

/** Bytes: numbers are bytes, strings raw latin1 text, arrays spliced in. */
export type PiecesOfBytes = Array<number | string | readonly number[] | Uint8Array>;

/** Concatenates pieces into one byte array. */
export function bytesOf(...pieces: PiecesOfBytes): Uint8Array {
  const result: number[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'number') result.push(piece);
    else if (typeof piece === 'string') for (const character of piece) result.push(character.charCodeAt(0));
    else result.push(...piece);
  }
  return Uint8Array.from(result);
}

/** A little-endian unsigned integer of `size` bytes. */
export function littleEndian(value: number | bigint, size: number): number[] {
  let remaining = BigInt.asUintN(size * 8, BigInt(value));
  return Array.from({ length: size }, () => {
    const byte = Number(remaining & 0xffn);
    remaining >>= 8n;
    return byte;
  });
}

/** BINUNICODE of a string. */
export function unicode(text: string): number[] {
  const encoded = new TextEncoder().encode(text);
  return [OPCODES.BINUNICODE, ...littleEndian(encoded.length, 4), ...encoded];
}

/** GLOBAL of `module.name`. */
export function global(module: string, name: string): number[] {
  return [...bytesOf(OPCODES.GLOBAL, `${module}\n${name}\n`)];
}

/** A small non-negative int (BININT1 or BININT). */
export function integer(value: number): number[] {
  return value < 256 ? [OPCODES.BININT1, value] : [OPCODES.BININT, ...littleEndian(value, 4)];
}

/** A tuple of small ints. */
export function integerTuple(values: readonly number[]): number[] {
  return [OPCODES.MARK, ...values.flatMap(integer), OPCODES.TUPLE];
}

/** A complete protocol-2 pickle around a body. */
export function pickle(...body: PiecesOfBytes): Uint8Array {
  return bytesOf(OPCODES.PROTO, 2, ...body, OPCODES.STOP);
}

/** The tensor torch.save writes: `_rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict())`. */
export function tensorBody(options: {
  key?: string;
  storageType?: string;
  elementCount: number;
  storageOffset?: number;
  shape: readonly number[];
  stride: readonly number[];
  view?: { key: string; offset: number; elementCount: number };
}): number[] {
  const view = options.view
    ? [...unicode(options.view.key), ...integer(options.view.offset), ...integer(options.view.elementCount), OPCODES.TUPLE3]
    : [OPCODES.NONE];
  return [
    ...global('torch._utils', '_rebuild_tensor_v2'),
    OPCODES.MARK,
    OPCODES.MARK,
    ...unicode('storage'),
    ...global('torch', options.storageType ?? 'FloatStorage'),
    ...unicode(options.key ?? '0'),
    ...unicode('cpu'),
    ...integer(options.elementCount),
    ...view,
    OPCODES.TUPLE,
    OPCODES.BINPERSID,
    ...integer(options.storageOffset ?? 0),
    ...integerTuple(options.shape),
    ...integerTuple(options.stride),
    OPCODES.NEWFALSE,
    ...global('collections', 'OrderedDict'),
    OPCODES.EMPTY_TUPLE,
    OPCODES.REDUCE,
    OPCODES.TUPLE,
    OPCODES.REDUCE,
  ];
}

/** torch's legacy header: the magic number, protocol version 1001 and an empty system-info dict. */
export function legacyHeader(): Uint8Array {
  return bytesOf(
    [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e],
    pickle(OPCODES.BININT2, ...littleEndian(1001, 2)),
    pickle(OPCODES.EMPTY_DICT),
  );
}

/** A legacy checkpoint: header, main pickle, storage key list, then each storage's count and float32 data. */
export function legacyCheckpoint(
  main: Uint8Array,
  storages: ReadonlyArray<{ key: string; count: number; values: readonly number[] }>,
): Uint8Array {
  const keys = pickle(OPCODES.EMPTY_LIST, OPCODES.MARK, ...storages.flatMap(({ key }) => unicode(key)), OPCODES.APPENDS);
  const data = storages.map(({ count, values }) =>
    bytesOf(littleEndian(count, 8), new Uint8Array(Float32Array.from(values).buffer)),
  );
  return bytesOf(legacyHeader(), main, keys, ...data);
}
