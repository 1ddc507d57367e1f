import type { StorageType } from '../tensor/storage-types';
import type { UnpickleContext } from '../pickle/unpickle-context';

/**
 * One entry of the unpickler's allow-list: a Python global that a pickle may name, with the pure JS
 * reconstruction that stands in for calling it. Nothing else a pickle names is ever resolved.
 */
export interface SafeGlobal {
  /** Dotted name, `module.qualname`. */
  readonly name: string;
  /** What REDUCE does with it: called with the argument tuple. Absent: it cannot be called. */
  readonly call?: (args: readonly unknown[], context: UnpickleContext) => unknown;
  /** What NEWOBJ does with it (`cls.__new__(cls, *args)`). Absent: it cannot be instantiated. */
  readonly instantiate?: (args: readonly unknown[], context: UnpickleContext) => unknown;
  /** For `torch.*Storage` classes: the element type of storages of this class. */
  readonly storageType?: StorageType;
}

/** An allow-listed global on the unpickler's stack, as GLOBAL or STACK_GLOBAL pushed it. */
export class GlobalReference {
  /** @param definition the allow-list entry the pickle named. */
  constructor(readonly definition: SafeGlobal) {}

  /** The global's dotted name. */
  get name(): string {
    return this.definition.name;
  }
}
