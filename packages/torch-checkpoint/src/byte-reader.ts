import { TorchCheckpointError } from './errors';

/**
 * A forward-only cursor over bytes that reports truncation as `truncated at byte N while reading X`, naming
 * the source file and, for bytes inside a zip entry, the entry. Multi-byte integers are little-endian unless
 * the method says otherwise.
 */
export class ByteReader {
  /** Offset of the next byte to read. */
  position = 0;
  private readonly view: DataView;

  /**
   * @param bytes the bytes to read.
   * @param source the file name used in errors.
   * @param entry the zip entry the bytes come from, if any, named in errors.
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly source: string,
    readonly entry?: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.bytes.length - this.position;
  }

  /** An error naming the source, the entry and the current position. */
  error(reason: string): TorchCheckpointError {
    const where = this.entry === undefined ? '' : ` of '${this.entry}'`;
    return new TorchCheckpointError(this.source, `${reason} (at byte ${this.position}${where})`);
  }

  /** Claims `count` bytes and returns their start offset, or throws the truncation error. */
  private take(count: number, what: string): number {
    if (!Number.isSafeInteger(count) || count < 0 || count > this.remaining) {
      const where = this.entry === undefined ? '' : ` of '${this.entry}'`;
      throw new TorchCheckpointError(
        this.source,
        `truncated at byte ${this.bytes.length}${where} while reading ${what} ` +
          `(needed ${count} bytes at byte ${this.position}, ${this.remaining} left)`,
      );
    }
    const start = this.position;
    this.position += count;
    return start;
  }

  /** Reads one unsigned byte. */
  uint8(what: string): number {
    return this.bytes[this.take(1, what)]!;
  }

  /** Reads an unsigned 16-bit integer. */
  uint16(what: string): number {
    return this.view.getUint16(this.take(2, what), true);
  }

  /** Reads a signed 32-bit integer. */
  int32(what: string): number {
    return this.view.getInt32(this.take(4, what), true);
  }

  /** Reads an unsigned 32-bit integer. */
  uint32(what: string): number {
    return this.view.getUint32(this.take(4, what), true);
  }

  /** Reads an unsigned 64-bit integer that must fit a JS number. */
  uint64(what: string): number {
    const value = this.view.getBigUint64(this.take(8, what), true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error(`${what} is too large (${value})`);
    return Number(value);
  }

  /** Reads a signed 64-bit integer that must fit a JS number. */
  int64(what: string): number {
    const value = this.view.getBigInt64(this.take(8, what), true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw this.error(`${what} is out of range (${value})`);
    }
    return Number(value);
  }

  /** Reads a big-endian IEEE 754 double (pickle's BINFLOAT). */
  float64BigEndian(what: string): number {
    return this.view.getFloat64(this.take(8, what), false);
  }

  /** Returns a view (not a copy) of the next `count` bytes. */
  slice(count: number, what: string): Uint8Array {
    const start = this.take(count, what);
    return this.bytes.subarray(start, start + count);
  }

  /** Reads bytes up to and excluding the next `\n`, consuming the newline. */
  line(what: string): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.position);
    if (end < 0) this.take(this.remaining + 1, what);
    const text = this.slice(end - this.position, what);
    this.position += 1;
    return text;
  }
}
