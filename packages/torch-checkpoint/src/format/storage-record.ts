import { decodeStorage } from '../tensor/decode-storage';
import type { StorageType } from '../tensor/storage-types';
import type { TorchTensorData } from '../torch-value';

/** One saved storage: its key, element type and size from the pickle, and its bytes once read. */
export class StorageRecord {
  /** The raw little-endian bytes, set by the format reader after checking their length. */
  bytes: Uint8Array | undefined;
  private decoded: TorchTensorData | undefined;

  /**
   * @param key the storage key (zip: `data/<key>`; legacy: the key in the storage list).
   * @param type the storage class the pickle named.
   * @param elementCount the number of elements the pickle says the storage holds.
   * @param location the device it was saved from (`cpu`, `cuda:0`); informational only.
   */
  constructor(
    readonly key: string,
    readonly type: StorageType,
    readonly elementCount: number,
    readonly location: string,
  ) {}

  /** The size in bytes the pickle implies. */
  get byteLength(): number {
    return this.elementCount * this.type.elementSize;
  }

  /** The decoded elements, decoded once and shared by every tensor viewing the storage. */
  elements(): TorchTensorData {
    if (this.bytes === undefined) throw new Error(`storage '${this.key}' was never read`);
    this.decoded ??= decodeStorage(this.bytes, this.type.dtype);
    return this.decoded;
  }
}

/** What a persistent id resolves to: a storage, or (legacy format) a range of elements of one. */
export class StorageView {
  /**
   * @param record the root storage.
   * @param elementOffset the first element of the view.
   * @param elementCount the number of elements in the view.
   */
  constructor(
    readonly record: StorageRecord,
    readonly elementOffset: number,
    readonly elementCount: number,
  ) {}
}
