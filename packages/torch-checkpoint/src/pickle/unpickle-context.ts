import type { TorchTensor } from '../torch-value';

/** The raw arguments of a tensor rebuild (`torch._utils._rebuild_tensor_v2` and friends), not yet checked. */
export interface TensorRequest {
  readonly storage: unknown;
  readonly storageOffset: unknown;
  readonly shape: unknown;
  readonly stride: unknown;
  readonly requiresGrad: unknown;
}

/** What an unpickling run may do beyond building plain values. */
export interface UnpickleContext {
  /** The file name used in errors. */
  readonly source: string;
  /** Resolves a BINPERSID id (torch's storages); absent where a pickle may hold none. */
  readonly persistentLoad?: (id: unknown) => unknown;
  /** Records a tensor to rebuild from a storage; absent where a pickle may hold no tensors. */
  readonly rebuildTensor?: (request: TensorRequest) => TorchTensor;
}
