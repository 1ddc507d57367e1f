import { describeValue } from '../globals/expect-arguments';
import { InvalidValueError } from '../invalid-value-error';
import type { TensorRequest, UnpickleContext } from '../pickle/unpickle-context';
import { gatherStrided } from '../tensor/gather-strided';
import { checkLayoutBounds, elementCount, parseTensorLayout, type TensorLayout } from '../tensor/tensor-layout';
import type { TorchTensor, TorchTensorData } from '../torch-value';
import { parseStoragePersistentId } from './storage-persistent-id';
import { StorageRecord, StorageView } from './storage-record';
import { DEFAULT_MAX_TENSOR_BYTES, TensorByteBudget } from './tensor-byte-budget';

/** Limits of one checkpoint read. */
export interface CheckpointLimits {
  /** The most bytes the storages, and separately the tensors, may hold (default 2 GiB). */
  maxTensorBytes?: number;
  /** The file's size when every storage must lie in it (legacy format). */
  fileBytes?: number;
}

interface PendingTensor {
  readonly tensor: { data: TorchTensorData };
  readonly view: StorageView;
  readonly layout: TensorLayout;
}

/**
 * The state of reading one checkpoint's main pickle: the storages its persistent ids name, and the tensors
 * to fill in once the format reader has read the storages' bytes (in the legacy format they follow the
 * pickle, so tensors cannot be built as the pickle is decoded).
 */
export class CheckpointContext implements UnpickleContext {
  /** Root storages by key, in the order the pickle first named them. */
  readonly storages = new Map<string, StorageRecord>();
  private readonly views = new Map<string, StorageView>();
  private readonly pending: PendingTensor[] = [];
  private readonly budget: TensorByteBudget;

  /**
   * @param source the file name used in errors.
   * @param limits the byte limits checked as storages and tensors are declared, before anything is allocated.
   */
  constructor(
    readonly source: string,
    limits: CheckpointLimits = {},
  ) {
    this.budget = new TensorByteBudget(limits.maxTensorBytes ?? DEFAULT_MAX_TENSOR_BYTES, limits.fileBytes);
  }

  /** Resolves a storage persistent id to a (possibly shared) storage view. */
  persistentLoad(id: unknown): StorageView {
    const parsed = parseStoragePersistentId(id);
    let record = this.storages.get(parsed.key);
    if (record === undefined) {
      this.budget.addStorage(parsed.key, parsed.storageType, parsed.elementCount);
      record = new StorageRecord(parsed.key, parsed.storageType, parsed.elementCount, parsed.location);
      this.storages.set(parsed.key, record);
    } else if (record.type !== parsed.storageType || record.elementCount !== parsed.elementCount) {
      throw new InvalidValueError(`storage '${parsed.key}' is named twice with different types or sizes`);
    }
    if (parsed.view === undefined) return new StorageView(record, 0, record.elementCount);
    const { key, offset, elementCount } = parsed.view;
    if (offset + elementCount > record.elementCount) {
      throw new InvalidValueError(`storage view '${key}' (${offset}+${elementCount}) exceeds storage '${record.key}'`);
    }
    let view = this.views.get(key);
    if (view === undefined) this.views.set(key, (view = new StorageView(record, offset, elementCount)));
    return view;
  }

  /** Checks a tensor rebuild's arguments and returns the tensor, whose data is filled by `materialiseTensors`. */
  rebuildTensor(request: TensorRequest): TorchTensor {
    const { storage } = request;
    if (!(storage instanceof StorageView)) {
      throw new InvalidValueError(`a tensor's storage must be a saved storage, got ${describeValue(storage)}`);
    }
    const layout = parseTensorLayout(request.shape, request.stride, request.storageOffset);
    checkLayoutBounds(layout, storage.elementCount);
    this.budget.addTensor(layout.shape, storage.record.type, elementCount(layout.shape));
    const tensor = {
      kind: 'tensor' as const,
      dtype: storage.record.type.dtype,
      shape: layout.shape,
      data: new Float32Array(0) as TorchTensorData,
      requiresGrad: request.requiresGrad === true,
    };
    this.pending.push({ tensor, view: storage, layout });
    return tensor;
  }

  /** Copies every tensor's elements out of its storage; all storages must have their bytes by now. */
  materialiseTensors(): void {
    for (const { tensor, view, layout } of this.pending) {
      tensor.data = gatherStrided(view.record.elements(), {
        ...layout,
        storageOffset: view.elementOffset + layout.storageOffset,
      });
    }
  }
}
