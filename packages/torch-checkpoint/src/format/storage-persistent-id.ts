import { describeValue } from '../globals/expect-arguments';
import { GlobalReference } from '../globals/safe-global';
import { InvalidValueError } from '../invalid-value-error';
import { isTuple } from '../pickle/tuple';
import type { StorageType } from '../tensor/storage-types';

/** A parsed `('storage', storage_type, key, location, numel[, view_metadata])` persistent id. */
export interface StoragePersistentId {
  readonly storageType: StorageType;
  readonly key: string;
  readonly location: string;
  readonly elementCount: number;
  /** Legacy format only: the storage is `elementCount` elements of root storage `key` from `offset`. */
  readonly view?: { readonly key: string; readonly offset: number; readonly elementCount: number };
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidValueError(`storage ${what} must be a non-negative integer, got ${describeValue(value)}`);
  }
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new InvalidValueError(`storage ${what} must be a string, got ${describeValue(value)}`);
  return value;
}

function parseView(metadata: unknown): StoragePersistentId['view'] {
  if (metadata === null || metadata === undefined) return undefined;
  if (!isTuple(metadata) || metadata.length !== 3) {
    throw new InvalidValueError(`storage view metadata must be (key, offset, size), got ${describeValue(metadata)}`);
  }
  return { key: text(metadata[0], 'view key'), offset: count(metadata[1], 'view offset'), elementCount: count(metadata[2], 'view size') };
}

/**
 * Parses the persistent id torch.save writes for a storage: 5 items in the zip format, 6 (with view metadata)
 * in the legacy format.
 *
 * @throws InvalidValueError for other ids, including a legacy `('module', …)` id (a pickled `nn.Module`).
 */
export function parseStoragePersistentId(id: unknown): StoragePersistentId {
  if (isTuple(id) && id[0] === 'module') {
    throw new InvalidValueError(
      'the checkpoint pickles a whole nn.Module (class and source code), which cannot be read safely; ' +
        'save and load model.state_dict() instead',
    );
  }
  if (!isTuple(id) || id[0] !== 'storage' || (id.length !== 5 && id.length !== 6)) {
    throw new InvalidValueError(`unsupported persistent id ${describeValue(id)} (expected a torch storage)`);
  }
  const [, type, key, location, elementCount, view] = id;
  if (!(type instanceof GlobalReference) || type.definition.storageType === undefined) {
    throw new InvalidValueError(`persistent id names ${describeValue(type)}, not a storage class`);
  }
  return {
    storageType: type.definition.storageType,
    key: text(key, 'key'),
    location: text(location, 'location'),
    elementCount: count(elementCount, 'size'),
    view: parseView(view),
  };
}
