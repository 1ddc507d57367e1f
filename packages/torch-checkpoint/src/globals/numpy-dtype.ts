import { InvalidValueError } from '../invalid-value-error';
import { pythonInteger } from '../pickle/python-integer';
import { isTuple } from '../pickle/tuple';
import { float16BitsToNumber } from '../tensor/half-precision';
import { describeValue } from './expect-arguments';

type ScalarReader = (view: DataView, littleEndian: boolean) => number | bigint | boolean;

const SCALAR_READERS: Record<string, { size: number; read: ScalarReader }> = {
  b1: { size: 1, read: (view) => view.getUint8(0) !== 0 },
  i1: { size: 1, read: (view) => view.getInt8(0) },
  u1: { size: 1, read: (view) => view.getUint8(0) },
  i2: { size: 2, read: (view, little) => view.getInt16(0, little) },
  u2: { size: 2, read: (view, little) => view.getUint16(0, little) },
  i4: { size: 4, read: (view, little) => view.getInt32(0, little) },
  u4: { size: 4, read: (view, little) => view.getUint32(0, little) },
  i8: { size: 8, read: (view, little) => pythonInteger(view.getBigInt64(0, little)) },
  u8: { size: 8, read: (view, little) => pythonInteger(view.getBigUint64(0, little)) },
  f2: { size: 2, read: (view, little) => float16BitsToNumber(view.getUint16(0, little)) },
  f4: { size: 4, read: (view, little) => view.getFloat32(0, little) },
  f8: { size: 8, read: (view, little) => view.getFloat64(0, little) },
};

/**
 * A `numpy.dtype` rebuilt from a pickle, for numeric and bool scalar types only. Never part of a decoded
 * checkpoint: it exists to decode the `numpy.core.multiarray.scalar` it is passed to.
 */
export class NumpyDtype {
  /** `<` little-endian (and the default), `>` big-endian, `|` not applicable, `=` native. */
  byteOrder = '<';

  /**
   * @param descriptor numpy's type code, e.g. `f8`.
   * @throws InvalidValueError for non-numeric dtypes (objects, strings, records, datetimes).
   */
  constructor(readonly descriptor: string) {
    if (!(descriptor in SCALAR_READERS)) {
      throw new InvalidValueError(
        `numpy dtype '${descriptor}' is not supported (numeric and bool scalars only: ${Object.keys(SCALAR_READERS).join(', ')})`,
      );
    }
  }

  /** Applies the `__setstate__` tuple `(version, byteorder, …)` that BUILD passes. */
  setState(state: unknown): void {
    const byteOrder = isTuple(state) ? state[1] : undefined;
    if (byteOrder !== '<' && byteOrder !== '>' && byteOrder !== '|' && byteOrder !== '=') {
      throw new InvalidValueError(`numpy dtype state must be a tuple with a byte order, got ${describeValue(state)}`);
    }
    this.byteOrder = byteOrder;
  }

  /** Decodes one scalar of this dtype from its raw bytes. */
  decode(bytes: Uint8Array): number | bigint | boolean {
    const { size, read } = SCALAR_READERS[this.descriptor]!;
    if (bytes.length !== size) {
      throw new InvalidValueError(`numpy scalar of dtype '${this.descriptor}' needs ${size} bytes, got ${bytes.length}`);
    }
    return read(new DataView(bytes.buffer, bytes.byteOffset, bytes.length), this.byteOrder !== '>');
  }
}
