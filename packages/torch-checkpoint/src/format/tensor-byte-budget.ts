import { InvalidValueError } from '../invalid-value-error';
import type { StorageType } from '../tensor/storage-types';
import { formatBytes } from '@fbnas/core';

/** The default limit on the bytes one checkpoint's storages, and separately its tensors, may hold: 2 GiB. */
export const DEFAULT_MAX_TENSOR_BYTES = 2 * 1024 ** 3;

/** The bytes an element takes once decoded: float16 and bfloat16 widen to float32. */
function decodedElementSize(type: StorageType): number {
  return type.dtype === 'float16' || type.dtype === 'bfloat16' ? 4 : type.elementSize;
}

/**
 * Counts what a checkpoint declares before anything is allocated: the bytes of its storages (as stored) and,
 * separately, of its tensors (as decoded; a tensor may view its storage with zero strides, so a one-element
 * storage can declare a tensor of any size). Each total may reach `limit` bytes; a legacy-format storage may
 * not declare more bytes than the file holds.
 */
export class TensorByteBudget {
  private storageBytes = 0;
  private tensorBytes = 0;

  /**
   * @param limit the most bytes the storages, and the tensors, may each hold (`maxTensorBytes`).
   * @param fileBytes the size of the file when every storage must lie in it (legacy format), else undefined.
   */
  constructor(
    readonly limit: number,
    readonly fileBytes: number | undefined,
  ) {}

  /** Adds a storage the pickle names. @throws InvalidValueError over the limit or larger than the file. */
  addStorage(key: string, type: StorageType, elementCount: number): void {
    const bytes = elementCount * type.elementSize;
    const what = `storage '${key}' (${elementCount} ${type.dtype} elements, ${bytes} bytes)`;
    if (this.fileBytes !== undefined && bytes > this.fileBytes) {
      throw new InvalidValueError(`${what} is larger than the whole file (${this.fileBytes} bytes)`);
    }
    this.storageBytes += bytes;
    this.check('storages', this.storageBytes, what);
  }

  /** Adds a tensor of `elementCount` elements of `type`. @throws InvalidValueError over the limit. */
  addTensor(shape: readonly number[], type: StorageType, elementCount: number): void {
    this.tensorBytes += elementCount * decodedElementSize(type);
    this.check('tensors', this.tensorBytes, `a ${type.dtype} tensor of size [${shape}]`);
  }

  private check(what: string, total: number, last: string): void {
    if (total <= this.limit) return;
    throw new InvalidValueError(
      `the checkpoint's ${what} declare ${total} bytes (${formatBytes(total)}) up to ${last}, more than the ` +
        `limit of ${this.limit} bytes (${formatBytes(this.limit)}); raise the maxTensorBytes option to read it`,
    );
  }
}
